using MLOps.Serving.Graph;
using Xunit.Abstractions;

namespace MLOps.Serving.Tests.Conformance;

/// <summary>
/// Runs the ONNX backend node tests from Debian's libonnx-testdata for every supported operator:
/// each model with its inputs must reproduce the expected outputs (rtol 1e-3, atol 1e-5 for floats,
/// exact otherwise). Tests using an operator the engine does not implement are counted, not run.
/// </summary>
public sealed class OnnxNodeConformanceTests
{
    private const string DataRoot = "/usr/share/libonnx-testdata/data";
    private readonly ITestOutputHelper _output;

    public OnnxNodeConformanceTests(ITestOutputHelper output)
    {
        _output = output;
    }

    /// <summary>
    /// node: the per-operator backend tests; pytorch-converted and pytorch-operator: small PyTorch
    /// modules exported to ONNX (convolutions, pooling, linear layers, …); simple: small graphs.
    /// </summary>
    [Theory]
    [InlineData("node")]
    [InlineData("pytorch-converted")]
    [InlineData("pytorch-operator")]
    [InlineData("simple")]
    public void Every_test_of_a_supported_operator_passes_or_is_excluded_with_a_reason(string suite)
    {
        var root = Path.Combine(DataRoot, suite);
        if (!Directory.Exists(root))
        {
            if (Environment.GetEnvironmentVariable("MLOPS_SKIP_ONNX_CONFORMANCE") == "1")
            {
                _output.WriteLine($"{root} is absent and MLOPS_SKIP_ONNX_CONFORMANCE=1: conformance not run.");
                return;
            }

            Assert.Fail($"ONNX conformance data is missing: {root} does not exist. Install Debian's 'libonnx-testdata' package (apt-get install libonnx-testdata), or set MLOPS_SKIP_ONNX_CONFORMANCE=1 to skip on purpose.");
        }

        var passed = new List<string>();
        var failed = new List<string>();
        var excludedStillFailing = new List<string>();
        var excludedNowPassing = new List<string>();
        var unsupported = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var test in NodeTestCase.Discover(root))
        {
            var missing = test.UnsupportedOperators();
            if (missing.Count > 0)
            {
                foreach (var op in missing)
                {
                    unsupported[op] = unsupported.GetValueOrDefault(op) + 1;
                }

                continue;
            }

            var problem = Run(test);
            var excluded = Exclusions.Tests.ContainsKey(suite is "node" ? test.Name : $"{suite}/{test.Name}");
            if (problem is null)
            {
                (excluded ? excludedNowPassing : passed).Add(test.Name);
            }
            else
            {
                (excluded ? excludedStillFailing : failed).Add($"{test.Name}: {problem}");
            }
        }

        _output.WriteLine($"ONNX {suite} conformance: {passed.Count} passed, {failed.Count} failed, {excludedStillFailing.Count} excluded; {unsupported.Values.Sum()} tests use operators the engine does not implement.");
        _output.WriteLine("Unsupported operators: " + string.Join(", ", unsupported.Select(p => $"{p.Key} ({p.Value})")));
        foreach (var failure in failed)
        {
            _output.WriteLine("FAILED " + failure);
        }

        foreach (var failure in excludedStillFailing)
        {
            _output.WriteLine("excluded " + failure);
        }

        Assert.True(failed.Count == 0, $"{failed.Count} conformance tests failed:\n" + string.Join("\n", failed));
        Assert.True(excludedNowPassing.Count == 0, "These excluded tests pass now; remove them from Exclusions: " + string.Join(", ", excludedNowPassing));
        Assert.True(passed.Count > 0, "No conformance test ran.");
    }

    private static string? Run(NodeTestCase test)
    {
        try
        {
            using var model = OnnxModel.Load(test.ModelPath, new InferenceOptions { ThreadCount = 1 });
            foreach (var (inputs, expected) in test.DataSets())
            {
                var actual = model.Run(inputs);
                if (actual.Length != expected.Length)
                {
                    return $"{actual.Length} outputs, expected {expected.Length}";
                }

                for (var i = 0; i < expected.Length; i++)
                {
                    if (TensorComparer.Difference(expected[i], actual[i], $"output {i}") is { } difference)
                    {
                        return difference;
                    }
                }
            }

            return null;
        }
        catch (Exception exception)
        {
            return $"{exception.GetType().Name}: {exception.Message}";
        }
    }
}
