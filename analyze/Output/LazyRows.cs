using System.Collections;

namespace ProcNetMon2.Analyze;

/// <summary>
/// A table's rows, each made when first read and kept: a reader that wants the first rows of thousands (the HTML
/// report's connections) makes only those.
/// </summary>
public sealed class LazyRows(int count, Func<int, object?[]> make) : IReadOnlyList<object?[]>
{
    private readonly object?[]?[] made = new object?[]?[count];

    public int Count => count;

    public object?[] this[int index] => made[index] ??= make(index);

    public IEnumerator<object?[]> GetEnumerator()
    {
        for (int i = 0; i < count; i++)
            yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
