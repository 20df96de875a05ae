using MLOps.Lineage;

namespace MLOps.Tracking.Tests.Support;

/// <summary>
/// Six runs with a spread of metrics (missing, NaN), params (strings, integers, a float), tags and
/// inputs, started one minute apart; r5 failed and r6 is still running. Also a reference evaluator of
/// the same facts, for property tests of the filter language.
/// </summary>
internal sealed class SearchDataset
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public Dictionary<string, string> Ids { get; } = new(StringComparer.Ordinal);

    public static IReadOnlyList<Facts> All { get; } =
    [
        new("r1", Rmse: [0.3], Acc: [0.9], Model: "gbm", Depth: 6L, Team: "a", Stage: null, Input: "dataset:churn@aaaaaaa"),
        new("r2", Rmse: [0.6], Acc: [0.8], Model: "gbm", Depth: 8L, Team: "b", Stage: null, Input: "dataset:churn@bbbbbbb"),
        new("r3", Rmse: [0.4], Acc: [double.NaN], Model: "rf", Depth: 4L, Team: "c", Stage: null, Input: "features:svc"),
        new("r4", Rmse: [], Acc: [0.7], Model: "linear", Depth: null, Team: "a", Stage: null, Input: null),
        new("r5", Rmse: [0.7, 0.1, double.NaN], Acc: [], Model: "rf", Depth: 10L, Team: null, Stage: null, Input: null),
        new("r6", Rmse: [0.45], Acc: [0.95], Model: "gbm", Depth: 6.5, Team: "b", Stage: "prod", Input: "dataset:other@ccccccc"),
    ];

    public static async Task<SearchDataset> CreateAsync(TrackingFixture fixture, string experiment = "search")
    {
        var dataset = new SearchDataset();
        var clock = fixture.Clock ?? throw new InvalidOperationException("The search dataset needs the fixture's fake clock.");
        clock.SetUtcNow(Start);
        foreach (var facts in All)
        {
            var run = await fixture.Store.StartRunAsync(experiment, facts.Name);
            dataset.Ids[facts.Name] = run.Id;
            for (var i = 0; i < facts.Rmse.Length; i++)
            {
                run.LogMetric("rmse", facts.Rmse[i], i);
            }

            foreach (var acc in facts.Acc)
            {
                run.LogMetric("acc", acc);
            }

            await run.LogParamAsync("model", facts.Model);
            if (facts.Depth is long integer)
            {
                await run.LogParamAsync("depth", integer);
            }
            else if (facts.Depth is double number)
            {
                await run.LogParamAsync("depth", number);
            }

            if (facts.Team is not null)
            {
                await run.SetTagAsync("team", facts.Team);
            }

            if (facts.Stage is not null)
            {
                await run.SetTagAsync("stage", facts.Stage);
            }

            if (facts.Input is not null)
            {
                await run.LogInputAsync(LineageReference.Parse(facts.Input), "training");
            }

            clock.Advance(TimeSpan.FromSeconds(30));
            if (facts.Name == "r5")
            {
                await run.EndAsync(RunStatus.Failed);
            }
            else if (facts.Name != "r6")
            {
                await run.EndAsync();
            }
            else
            {
                await run.FlushAsync();
            }

            clock.Advance(TimeSpan.FromSeconds(30));
        }

        return dataset;
    }

    public async Task<IReadOnlyList<string>> NamesAsync(TrackingStore store, RunQuery query)
    {
        var result = await store.Runs.SearchAsync(query);
        var byId = Ids.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        return result.Runs.Select(r => byId[r.Id]).ToList();
    }

    public static DateTimeOffset StartOf(string name) => Start.AddMinutes(int.Parse(name[1..], System.Globalization.CultureInfo.InvariantCulture) - 1);

    /// <summary>What the store should know about one run.</summary>
    internal sealed record Facts(string Name, double[] Rmse, double[] Acc, string Model, object? Depth, string? Team, string? Stage, string? Input)
    {
        public double? Last(string metric) => Points(metric) is { Length: > 0 } p ? p[^1] : null;

        public double? Min(string metric) => Points(metric).Where(v => !double.IsNaN(v)).Select(v => (double?)v).Min();

        public double? Max(string metric) => Points(metric).Where(v => !double.IsNaN(v)).Select(v => (double?)v).Max();

        public double? DepthNumber => Depth switch
        {
            long l => l,
            double d => d,
            _ => null,
        };

        private double[] Points(string metric) => metric == "rmse" ? Rmse : Acc;
    }
}
