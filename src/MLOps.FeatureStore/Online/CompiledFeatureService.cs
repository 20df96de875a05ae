namespace MLOps.FeatureStore;

/// <summary>
/// A feature service resolved once against the definitions: which views to read, which payload slot
/// feeds which output, TTLs in microseconds, and the on-demand steps. Built at apply (or first use) and
/// cached, so an online read does no registry work. Immutable and thread-safe.
/// </summary>
internal sealed class CompiledFeatureService
{
    private CompiledFeatureService(string name, IReadOnlyList<FeatureReference> features, ViewStep[] views, OnDemandStep[] onDemand, int slotCount)
    {
        Name = name;
        Features = features;
        ColumnNames = [.. features.Select(f => f.ColumnName)];
        Views = views;
        OnDemand = onDemand;
        SlotCount = slotCount;
    }

    public string Name { get; }

    public IReadOnlyList<FeatureReference> Features { get; }

    public string[] ColumnNames { get; }

    public ViewStep[] Views { get; }

    public OnDemandStep[] OnDemand { get; }

    /// <summary>Outputs first (in service order), then hidden inputs of on-demand views.</summary>
    public int SlotCount { get; }

    public static CompiledFeatureService Compile(FeatureDefinitions definitions, string name, IReadOnlyList<FeatureReference> features)
    {
        var slots = new Dictionary<FeatureReference, int>();
        for (var i = 0; i < features.Count; i++)
        {
            definitions.CheckFeature(features[i], $"Feature service '{name}'", allowOnDemand: true);
            if (!slots.TryAdd(features[i], i))
            {
                throw new ValidationException($"Feature service '{name}' lists '{features[i]}' twice.");
            }
        }

        var slotCount = features.Count;
        var onDemand = new List<OnDemandStep>();
        foreach (var odfvName in features.Select(f => f.View).Where(definitions.OnDemandViews.ContainsKey).Distinct(StringComparer.Ordinal))
        {
            var odfv = definitions.OnDemandViews[odfvName];
            var inputSlots = new int[odfv.Inputs.Count];
            for (var i = 0; i < inputSlots.Length; i++)
            {
                if (!slots.TryGetValue(odfv.Inputs[i], out inputSlots[i]))
                {
                    slots[odfv.Inputs[i]] = inputSlots[i] = slotCount++;
                }
            }

            var outputSlots = odfv.Outputs.Select(o => slots.TryGetValue(new FeatureReference(odfv.Name, o.Name), out var s) ? s : -1).ToArray();
            onDemand.Add(new OnDemandStep(odfv, inputSlots, outputSlots));
        }

        var views = slots.Keys.Where(r => definitions.Views.ContainsKey(r.View)).GroupBy(r => r.View, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var view = definitions.Views[g.Key];
            var picks = g.Select(r => (view.IndexOf(r.Feature), slots[r])).ToArray();
            var needed = new bool[view.Features.Count];
            foreach (var (feature, _) in picks)
            {
                needed[feature] = true;
            }

            return new ViewStep(view, view.Ttl.Ticks / TimeSpan.TicksPerMicrosecond, picks, needed);
        }).ToArray();
        return new CompiledFeatureService(name, [.. features], views, [.. onDemand], slotCount);
    }

    /// <summary>One view to read: its TTL and which payload feature fills which slot.</summary>
    internal sealed record ViewStep(FeatureView View, long TtlMicros, (int Feature, int Slot)[] Picks, bool[] Needed);

    /// <summary>One on-demand view to run after the reads.</summary>
    internal sealed record OnDemandStep(OnDemandFeatureView View, int[] InputSlots, int[] OutputSlots);
}
