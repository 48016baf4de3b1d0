using ProcNetMon2.Analyze;

namespace ProcNetMon2.Tests.Analyze;

/// <summary>GroupValuesComparer: how a scan tells one group's values from another's.</summary>
public sealed class GroupValuesComparerTests
{
    private static readonly GroupValuesComparer Comparer = GroupValuesComparer.Instance;

    [Fact]
    public void Values_equal_one_by_one_are_one_group_with_one_hash()
    {
        object?[] a = [1234L, "curl", null], b = [1234L, new string("curl".ToCharArray()), null];

        Assert.True(Comparer.Equals(a, b));
        Assert.Equal(Comparer.GetHashCode(a), Comparer.GetHashCode(b));
    }

    [Fact]
    public void Any_value_apart_or_a_different_length_is_another_group()
    {
        object?[] group = [1234L, "curl"];

        Assert.False(Comparer.Equals(group, [1235L, "curl"]));
        Assert.False(Comparer.Equals(group, [1234L, "wget"]));
        Assert.False(Comparer.Equals(group, [1234L, null]));
        Assert.False(Comparer.Equals(group, [1234L, "curl", null]));
        Assert.False(Comparer.Equals(group, null));
        Assert.True(Comparer.Equals([], []));
    }

    [Fact]
    public void A_dictionary_of_groups_finds_each_by_fresh_values()
    {
        var groups = new Dictionary<object?[], string>(Comparer);
        for (long pid = 0; pid < 1000; pid++)
            groups.Add([pid, $"comm{pid % 7}"], $"group {pid}");

        for (long pid = 0; pid < 1000; pid++)
            Assert.Equal($"group {pid}", groups[[pid, $"comm{pid % 7}"]]);
        Assert.False(groups.ContainsKey([5L, "comm6"]));
    }
}
