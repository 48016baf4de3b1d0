namespace ProcNetMon2.Schema.Segments;

/// <summary>A block whose checksum matched but whose content does not decode: never shown to users as is.</summary>
internal sealed class SegmentFormatException(string message) : Exception(message);
