namespace ProcNetMon2.Analyze.Rendering;

/// <summary>Writes a process report in one output format.</summary>
public interface IReportRenderer
{
    void Render(ProcessReport report, TextWriter output);
}
