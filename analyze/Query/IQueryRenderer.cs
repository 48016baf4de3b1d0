namespace ProcNetMon2.Analyze.Query;

/// <summary>Writes a query's result in one output format.</summary>
public interface IQueryRenderer
{
    void Render(QueryResult result, TextWriter output);
}
