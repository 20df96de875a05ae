using System.Text.Json;

namespace MLOps.Drift.Tests.Fixtures;

/// <summary>The committed scipy values (ScipyFixtureData.cs, produced by make_fixtures.py) and the tolerance helper.</summary>
internal static class ScipyFixtures
{
    /// <summary>The agreement the issue asks for where scipy is exact.</summary>
    public const double Relative = 1e-9;

    private static readonly Lazy<JsonElement> Root = new(() => JsonDocument.Parse(ScipyFixtureData.Json).RootElement);

    public static JsonElement Data => Root.Value;

    public static IEnumerable<JsonElement> Numeric => Data.GetProperty("numeric").EnumerateArray();

    public static IEnumerable<JsonElement> Categorical => Data.GetProperty("categorical").EnumerateArray();

    public static double Number(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new InvalidOperationException($"Not a number: {s}"),
        }
        : e.GetDouble();

    public static (double Statistic, double PValue) Pair(JsonElement e) => (Number(e[0]), Number(e[1]));

    /// <summary>Fails unless |actual − expected| ≤ relative·|expected| + absolute, naming what was compared.</summary>
    public static void Close(double expected, double actual, string what, double relative = Relative, double absolute = 0)
    {
        if (double.IsNaN(expected) && double.IsNaN(actual))
        {
            return;
        }

        if (double.IsInfinity(expected) || double.IsInfinity(actual))
        {
            Assert.True(expected == actual, $"{what}: expected {expected:R}, got {actual:R}");
            return;
        }

        var error = Math.Abs(actual - expected);
        Assert.True(
            error <= (relative * Math.Abs(expected)) + absolute,
            $"{what}: expected {expected:R}, got {actual:R} (relative error {error / Math.Max(Math.Abs(expected), double.Epsilon):E2}, allowed {relative:E0} relative + {absolute:E0} absolute)");
    }
}
