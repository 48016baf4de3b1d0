using System.Text;
using ProcNetMon2.Analyze.Rendering.Html;

namespace ProcNetMon2.Tests.Analyze.Html;

/// <summary>A page written as bytes: the template with its title, body, data and scripts, each resource's bytes as they are.</summary>
public sealed class HtmlPageTests
{
    private static string Page(string title, Action<System.Text.Json.Utf8JsonWriter> data)
    {
        using var output = new MemoryStream();
        HtmlPage.Write(output, "report", title, data);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public void The_template_gets_the_title_body_data_and_scripts_in_place_of_its_markers()
    {
        string page = Page("pnm report: a<b", writer => writer.WriteString("name", "é </script>"));

        Assert.DoesNotContain("PNM_", page);
        Assert.Contains("<title>pnm report: a&lt;b</title>", page);
        Assert.Contains(PageResource.Text("report.body.html"), page);
        Assert.Contains("{\"name\":\"\\u00E9 \\u003C/script\\u003E\"}", page);
        Assert.Contains(PageResource.Text("vendor/echarts.common.min.js"), page);
        Assert.Contains(PageResource.Text("common.js") + "\n" + PageResource.Text("report.js"), page);
        // The library first, the data after it (written while what it waits for may still be in the making), the page's script last.
        Assert.True(page.IndexOf(PageResource.Text("vendor/echarts.common.min.js"), StringComparison.Ordinal) < page.IndexOf("\"name\"", StringComparison.Ordinal));
        Assert.True(page.IndexOf("\"name\"", StringComparison.Ordinal) < page.IndexOf(PageResource.Text("report.js"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_resource_is_copied_as_the_bytes_of_its_text()
    {
        using var output = new MemoryStream();
        PageResource.CopyTo("vendor/echarts.common.min.js", output);

        Assert.Equal(Encoding.UTF8.GetBytes(PageResource.Text("vendor/echarts.common.min.js")), output.ToArray());
    }
}
