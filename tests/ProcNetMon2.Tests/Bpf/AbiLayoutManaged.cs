using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ProcNetMon2.Tests.Bpf;

/// <summary>
/// Sizes and field offsets in the managed layout, the one MemoryMarshal.Read decodes events with.
/// Marshal.OffsetOf reports the marshalled layout instead, which drifts from it as soon as a field
/// is not blittable (bool, char).
/// </summary>
internal static class AbiLayoutManaged
{
    public static int SizeOf(Type type) => (int)Generic(nameof(SizeOf), type).Invoke(null, null)!;

    /// <summary>Sets only this field of a zeroed instance to all-ones bytes: the first one marks its offset.</summary>
    public static int OffsetOf(FieldInfo field)
    {
        Type owner = field.DeclaringType!;
        object instance = Activator.CreateInstance(owner)!;
        byte[] ones = Enumerable.Repeat((byte)0xFF, SizeOf(field.FieldType)).ToArray();
        field.SetValue(instance, Generic(nameof(FromBytes), field.FieldType).Invoke(null, [ones]));
        var bytes = (byte[])Generic(nameof(ToBytes), owner).Invoke(null, [instance])!;
        return Array.IndexOf(bytes, (byte)0xFF);
    }

    /// <summary>Instance fields in declaration order, private ones too: a hidden field shifts the layout as much as a public one.</summary>
    public static IReadOnlyList<FieldInfo> FieldsOf(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            .OrderBy(f => f.MetadataToken)
            .ToList();

    private static MethodInfo Generic(string name, Type type) =>
        typeof(AbiLayoutManaged).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Single(m => m.Name == name && m.IsGenericMethodDefinition)
            .MakeGenericMethod(type);

    private static int SizeOf<T>() => Unsafe.SizeOf<T>();

    private static T FromBytes<T>(byte[] bytes) where T : struct => MemoryMarshal.Read<T>(bytes);

    private static byte[] ToBytes<T>(T value) where T : struct
    {
        var bytes = new byte[Unsafe.SizeOf<T>()];
        MemoryMarshal.Write(bytes, in value);
        return bytes;
    }
}
