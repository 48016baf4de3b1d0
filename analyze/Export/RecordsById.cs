namespace ProcNetMon2.Analyze.Export;

/// <summary>
/// A recording's processes or sockets by id, looked up once per exported row: in an array when the ids are small
/// (recordings number them from 1), a fraction of a dictionary's cost; in a dictionary otherwise.
/// </summary>
internal sealed class RecordsById<T> where T : class
{
    private const long MaxArrayId = 1 << 22;
    private readonly T?[]? byIndex;
    private readonly Dictionary<long, T>? byId;

    public RecordsById(IEnumerable<T> records, Func<T, long> idOf)
    {
        var all = records.ToDictionary(idOf);
        if (all.Keys.All(id => id is >= 0 and < MaxArrayId))
        {
            byIndex = new T?[all.Count == 0 ? 0 : all.Keys.Max() + 1];
            foreach (var (id, record) in all)
                byIndex[id] = record;
        }
        else
            byId = all;
    }

    public T? Find(long id) => byIndex is { } array
        ? (ulong)id < (ulong)array.Length ? array[id] : null
        : byId!.GetValueOrDefault(id);
}
