namespace MLOps.Serving.Tests.Conformance;

/// <summary>
/// ONNX backend node tests of supported operators that are known not to pass, each with the reason.
/// The conformance run fails if one of these starts passing (so the list only shrinks) or if a test
/// not listed here fails.
/// </summary>
internal static class Exclusions
{
    public static readonly IReadOnlyDictionary<string, string> Tests = new Dictionary<string, string>(StringComparer.Ordinal)
    {
    };
}
