using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace MLOps.Serving.AspNetCore.Metrics;

/// <summary>
/// Listens to the suite's meters (names starting with <c>MLOps.</c>) through a <see cref="MeterListener"/>
/// and renders what it has seen in the Prometheus text exposition format (version 0.0.4): counters and
/// up-down counters as their running sums, histograms as cumulative buckets with <c>_sum</c> and
/// <c>_count</c>. No exporter package is needed.
/// </summary>
public sealed class PrometheusMetrics : IDisposable
{
    private static readonly double[] MicrosecondBounds = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000, 1_000_000, 2_500_000, 10_000_000];
    private static readonly double[] CountBounds = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
    private static readonly double[] DefaultBounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentState> _instruments = new();
    private readonly Func<Meter, bool> _include;

    /// <summary>Starts listening.</summary>
    /// <param name="include">Which meters to listen to; null for those whose name starts with <c>MLOps.</c>.</param>
    public PrometheusMetrics(Func<Meter, bool>? include = null)
    {
        _include = include ?? (static meter => meter.Name.StartsWith("MLOps.", StringComparison.Ordinal));
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (_include(instrument.Meter))
            {
                _instruments.TryAdd(instrument, new InstrumentState(instrument, BoundsFor(instrument)));
                listener.EnableMeasurementEvents(instrument, _instruments[instrument]);
            }
        };
        _listener.SetMeasurementEventCallback<long>(static (instrument, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (instrument, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (instrument, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (instrument, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The content type of <see cref="Render"/>'s text.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Collects observable instruments and renders every series.</summary>
    /// <returns>The exposition text.</returns>
    public string Render()
    {
        _listener.RecordObservableInstruments();
        var text = new StringBuilder();
        foreach (var state in _instruments.Values.OrderBy(s => s.Name, StringComparer.Ordinal))
        {
            state.Render(text);
        }

        return text.ToString();
    }

    /// <summary>Stops listening.</summary>
    public void Dispose() => _listener.Dispose();

    private static double[]? BoundsFor(Instrument instrument)
    {
        if (!instrument.GetType().Name.StartsWith("Histogram", StringComparison.Ordinal))
        {
            return null;
        }

        return instrument.Unit switch
        {
            "us" => MicrosecondBounds,
            "{row}" or "{request}" or "{batch}" => CountBounds,
            _ => DefaultBounds,
        };
    }

    private sealed class InstrumentState(Instrument instrument, double[]? bounds)
    {
        private readonly ConcurrentDictionary<TagSet, MetricSeries> _series = new();

        public string Name { get; } = Sanitize(instrument.Name);

        private bool IsGauge { get; } = instrument.GetType().Name.StartsWith("ObservableGauge", StringComparison.Ordinal);

        private bool IsCumulativeObservable { get; } = instrument.IsObservable && !instrument.GetType().Name.StartsWith("ObservableGauge", StringComparison.Ordinal);

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = new TagSet(tags);
            if (!_series.TryGetValue(key, out var series))
            {
                series = _series.GetOrAdd(key, k => new MetricSeries(k, bounds));
            }

            if (bounds is not null)
            {
                series.Observe(value);
            }
            else if (IsGauge || IsCumulativeObservable)
            {
                series.Set(value);
            }
            else
            {
                series.Add(value);
            }
        }

        public void Render(StringBuilder text)
        {
            if (_series.IsEmpty)
            {
                return;
            }

            var type = bounds is not null ? "histogram" : IsGauge || instrument.GetType().Name.Contains("UpDown", StringComparison.Ordinal) ? "gauge" : "counter";
            if (!string.IsNullOrEmpty(instrument.Description))
            {
                text.Append("# HELP ").Append(Name).Append(' ').Append(instrument.Description.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            }

            text.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
            foreach (var series in _series.Values.OrderBy(s => Labels(s.Tags, null), StringComparer.Ordinal))
            {
                if (bounds is null)
                {
                    text.Append(Name).Append(Labels(series.Tags, null)).Append(' ').Append(Format(series.Value)).Append('\n');
                    continue;
                }

                var (cumulative, sum, count) = series.Histogram();
                for (var i = 0; i < cumulative.Length; i++)
                {
                    var le = i < bounds.Length ? Format(bounds[i]) : "+Inf";
                    text.Append(Name).Append("_bucket").Append(Labels(series.Tags, le)).Append(' ').Append(cumulative[i].ToString(CultureInfo.InvariantCulture)).Append('\n');
                }

                text.Append(Name).Append("_sum").Append(Labels(series.Tags, null)).Append(' ').Append(Format(sum)).Append('\n');
                text.Append(Name).Append("_count").Append(Labels(series.Tags, null)).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        private static string Labels(TagSet tags, string? le)
        {
            if (tags.Count == 0 && le is null)
            {
                return string.Empty;
            }

            var text = new StringBuilder("{");
            for (var i = 0; i < tags.Count; i++)
            {
                if (i > 0)
                {
                    text.Append(',');
                }

                text.Append(Sanitize(tags[i].Key)).Append("=\"").Append(Escape(Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty)).Append('"');
            }

            if (le is not null)
            {
                text.Append(tags.Count > 0 ? "," : string.Empty).Append("le=\"").Append(le).Append('"');
            }

            return text.Append('}').ToString();
        }

        private static string Escape(string value) =>
            value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

        private static string Format(double value) =>
            double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

        private static string Sanitize(string name)
        {
            var chars = name.ToCharArray();
            for (var i = 0; i < chars.Length; i++)
            {
                if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] is '_' or ':'))
                {
                    chars[i] = '_';
                }
            }

            return char.IsAsciiDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
        }
    }
}
