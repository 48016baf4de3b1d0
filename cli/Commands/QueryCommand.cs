using System.CommandLine;
using ProcNetMon2.Analyze.Query;
using ProcNetMon2.Analyze.Rendering;
using ProcNetMon2.Schema;

namespace ProcNetMon2.Cli.Commands;

public sealed record QueryArgs(string Path, string Sql, string Format);

/// <summary>pnm query: one read-only SQL statement over a recording of either format.</summary>
public static class QueryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("recording") { Description = "A recording made by pnm record (.db or .pnm)" };
        var sql = new Argument<string>("sql") { Description = "One SQL statement that only reads, e.g. \"SELECT pid, comm FROM processes\"" };
        sql.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
                r.AddError("the SQL statement is empty");
        });
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format",
            DefaultValueFactory = _ => ReportRenderers.Table,
        };
        format.AcceptOnlyFromAmong([.. QueryRenderers.FormatNames]);

        var command = new Command("query", "Run a read-only SQL statement over a recording (segment recordings are copied into SQLite first)")
        {
            path, sql, format,
        };
        command.SetAction(parse => Run(new QueryArgs(parse.GetValue(path)!, parse.GetValue(sql)!, parse.GetValue(format)!), output, error));
        return command;
    }

    public static int Run(QueryArgs args, TextWriter output, TextWriter error, string? temporaryDirectory = null)
    {
        try
        {
            QueryDatabase database;
            // A segment recording is copied into SQLite first: that is the long part.
            using (TerminalProgress.For(error, "query: copying"))
                database = QueryDatabase.Open(args.Path, temporaryDirectory);
            using var opened = database;
            using var query = opened.Prepare(args.Sql);
            QueryRenderers.Create(args.Format).Render(query.Execute(), output);
            foreach (string warning in database.Warnings)
                error.WriteLine($"pnm: warning: {warning}");
            return (int)ReturnCode.Success;
        }
        catch (Exception e) when (e is RecordingException or QueryException)
        {
            error.WriteLine($"pnm: {e.Message}");
            return (int)ReturnCode.Failed;
        }
    }
}
