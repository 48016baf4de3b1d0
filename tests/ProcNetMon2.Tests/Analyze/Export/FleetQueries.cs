using System.Data.Common;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace ProcNetMon2.Tests.Analyze.Export;

/// <summary>The SQL blocks of docs/fleet.md, as written there, run by DuckDB over a dataset in another folder.</summary>
internal static partial class FleetQueries
{
    /// <summary>The block that starts with <c>-- fleet-query: NAME</c>, its dataset path <c>fleet/</c> pointed at <paramref name="dataset"/>.</summary>
    public static string Sql(string name, string dataset)
    {
        string doc = File.ReadAllText(RepositoryRoot.File("docs", "fleet.md"));
        var block = Blocks().Matches(doc).Select(m => m.Groups["sql"].Value).Single(sql => sql.StartsWith($"-- fleet-query: {name}\n", StringComparison.Ordinal));
        return block.Replace("'fleet/", $"'{dataset.Replace("'", "''")}/");
    }

    public static List<Dictionary<string, object?>> Run(string name, string dataset)
    {
        using var duckDb = new DuckDBConnection("DataSource=:memory:");
        duckDb.Open();
        using var command = duckDb.CreateCommand();
        command.CommandText = Sql(name, dataset);
        using DbDataReader reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i)));
        return rows;
    }

    [GeneratedRegex("```sql\\n(?<sql>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Blocks();
}
