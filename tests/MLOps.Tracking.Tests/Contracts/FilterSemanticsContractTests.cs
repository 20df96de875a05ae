using System.Globalization;
using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using MLOps.Testing;
using MLOps.Tracking.Tests.Support;
using Facts = MLOps.Tracking.Tests.Support.SearchDataset.Facts;

namespace MLOps.Tracking.Tests.Contracts;

/// <summary>
/// A property on every backend: random filters (AND, OR, NOT over metrics, params, tags and attributes)
/// select exactly the runs that an independent in-memory evaluator of the documented semantics selects.
/// </summary>
public abstract class FilterSemanticsContractTests
{
    private static readonly string[] Operators = ["<", "<=", ">", ">=", "=", "!="];

    protected abstract StorageBackend Backend { get; }

    [SkippableFact]
    public async Task Random_filters_select_exactly_what_the_reference_evaluator_selects()
    {
        await using var fixture = await TrackingFixture.CreateAsync(Backend, fakeClock: true);
        var dataset = await SearchDataset.CreateAsync(fixture);
        Prop.ForAll(Arb.From(Expression(3)), expression =>
        {
            var names = dataset.NamesAsync(fixture.Store, new RunQuery { Filter = expression.Text, OrderBy = "run_name" }).GetAwaiter().GetResult();
            var expected = SearchDataset.All.Where(expression.Eval).Select(f => f.Name).Order(StringComparer.Ordinal);
            return names.SequenceEqual(expected).Label($"{expression.Text}: got [{string.Join(' ', names)}], want [{string.Join(' ', expected)}]");
        }).QuickCheckThrowOnFailure();
    }

    private static Gen<Expr> Expression(int depth) => depth == 0
        ? Leaf
        : Gen.Frequency(
            (3, Leaf),
            (1, Expression(depth - 1).SelectMany(_ => Expression(depth - 1), (a, b) => new Expr($"({a.Text} AND {b.Text})", f => a.Eval(f) && b.Eval(f)))),
            (1, Expression(depth - 1).SelectMany(_ => Expression(depth - 1), (a, b) => new Expr($"({a.Text} or {b.Text})", f => a.Eval(f) || b.Eval(f)))),
            (1, Expression(depth - 1).Select(a => new Expr($"NOT {a.Text}", f => !a.Eval(f)))));

    private static Gen<Expr> Leaf => Gen.OneOf(MetricLeaf, MetricNullLeaf, ModelLeaf, ModelInLeaf, ModelLikeLeaf, DepthLeaf, TeamLeaf, StatusLeaf);

    private static Gen<Expr> MetricLeaf =>
        from key in Gen.Elements("rmse", "acc")
        from aggregate in Gen.Elements(string.Empty, ".min", ".max", ".last")
        from op in Gen.Elements(Operators)
        from value in Gen.Elements(0.1, 0.3, 0.4, 0.45, 0.5, 0.6, 0.7, 0.9)
        select new Expr($"metrics.{key}{aggregate} {op} {value.ToString(CultureInfo.InvariantCulture)}", f =>
        {
            var actual = aggregate switch
            {
                ".min" => f.Min(key),
                ".max" => f.Max(key),
                _ => f.Last(key),
            };
            return actual is { } v && !double.IsNaN(v) && Compare(v.CompareTo(value), op);
        });

    private static Gen<Expr> MetricNullLeaf =>
        from key in Gen.Elements("rmse", "acc")
        from negated in Gen.Elements(true, false)
        select new Expr($"metrics.{key} IS {(negated ? "NOT " : string.Empty)}NULL", f => (f.Last(key) is not null) == negated);

    private static Gen<Expr> ModelLeaf =>
        from op in Gen.Elements(Operators)
        from value in Gen.Elements("gbm", "rf", "linear", "x")
        select new Expr($"params.model {op} '{value}'", f => Compare(string.CompareOrdinal(f.Model, value), op));

    private static Gen<Expr> ModelInLeaf =>
        from values in Gen.SubListOf(["gbm", "rf", "linear", "zz"]).Where(v => v.Count > 0)
        from negated in Gen.Elements(true, false)
        select new Expr(
            $"params.model {(negated ? "NOT " : string.Empty)}IN ({string.Join(", ", values.Select(v => $"'{v}'"))})",
            f => values.Contains(f.Model) != negated);

    private static Gen<Expr> ModelLikeLeaf =>
        from pattern in Gen.Elements("g%", "%r%", "_f", "G%", "%", "lin_ar")
        from operation in Gen.Elements("LIKE", "NOT LIKE", "ILIKE", "NOT ILIKE")
        select new Expr($"params.model {operation} '{pattern}'", f =>
        {
            var regex = "^" + Regex.Escape(pattern).Replace("%", ".*", StringComparison.Ordinal).Replace("_", ".", StringComparison.Ordinal) + "$";
            var matches = Regex.IsMatch(f.Model, regex, operation.EndsWith("ILIKE", StringComparison.Ordinal) ? RegexOptions.IgnoreCase : RegexOptions.None, TimeSpan.FromSeconds(1));
            return matches != operation.StartsWith("NOT", StringComparison.Ordinal);
        });

    private static Gen<Expr> DepthLeaf =>
        from op in Gen.Elements(Operators)
        from value in Gen.Elements(4.0, 6.0, 6.5, 7.0, 8.0, 10.0)
        select new Expr($"params.depth {op} {value.ToString(CultureInfo.InvariantCulture)}", f => f.DepthNumber is { } d && Compare(d.CompareTo(value), op));

    private static Gen<Expr> TeamLeaf => Gen.OneOf(
        from op in Gen.Elements("=", "!=")
        from value in Gen.Elements("a", "b", "c", "d")
        select new Expr($"tags.team {op} '{value}'", f => f.Team is { } team && Compare(string.CompareOrdinal(team, value), op)),
        Gen.Elements(true, false).Select(negated => new Expr($"tags.team IS {(negated ? "NOT " : string.Empty)}NULL", f => (f.Team is not null) == negated)));

    private static Gen<Expr> StatusLeaf =>
        from value in Gen.Elements("FINISHED", "FAILED", "RUNNING", "KILLED")
        select new Expr($"attributes.status = '{value.ToLowerInvariant()}'", f => value == f.Name switch
        {
            "r5" => "FAILED",
            "r6" => "RUNNING",
            _ => "FINISHED",
        });

    private static bool Compare(int comparison, string op) => op switch
    {
        "<" => comparison < 0,
        "<=" => comparison <= 0,
        ">" => comparison > 0,
        ">=" => comparison >= 0,
        "=" => comparison == 0,
        _ => comparison != 0,
    };

    private sealed record Expr(string Text, Func<Facts, bool> Eval)
    {
        public override string ToString() => Text;
    }
}

public sealed class SqliteFilterSemanticsContractTests : FilterSemanticsContractTests
{
    protected override StorageBackend Backend => StorageBackend.Sqlite;
}

public sealed class PostgreSqlFilterSemanticsContractTests : FilterSemanticsContractTests
{
    protected override StorageBackend Backend => StorageBackend.PostgreSql;
}
