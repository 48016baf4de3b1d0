namespace ProcNetMon2.Analyze.Rendering;

/// <summary>
/// Process names and paths come from other users' programs: a control character in one could move
/// the cursor or recolour the terminal, so each is shown as '?'.
/// </summary>
internal static class TerminalSafeText
{
    public static string From(string text) =>
        text.Any(char.IsControl) ? string.Concat(text.Select(c => char.IsControl(c) ? '?' : c)) : text;
}
