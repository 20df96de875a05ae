using MLOps.Tracking.Schema;
using MLOps.Tracking.Search;

namespace MLOps.Tracking.Tests.Search;

public sealed class FilterParserTests
{
    public static TheoryData<string, int, string> Errors { get; } = new()
    {
        { "metrics.rmse <", 14, "expected a value" },
        { "metrics.rmse < 'x'", 15, "is a number" },
        { "tags.team = 5", 12, "quote the value" },
        { "foo.bar = 1", 0, "unknown field prefix 'foo'" },
        { "rmse < 1", 0, "unknown field 'rmse'" },
        { "metrics. < 1", 8, "expected a key" },
        { "(metrics.rmse < 1", 0, "never closed" },
        { "metrics.rmse < 1 and", 20, "expected a field" },
        { "params.model = 'abc", 15, "never closed" },
        { "params.model LIKE 5", 18, "LIKE pattern is a quoted string" },
        { "metrics.rmse LIKE 'a%'", 0, "not text" },
        { "attributes.start_time ILIKE '2026%'", 0, "not text" },
        { "attributes.status = 'DONE'", 20, "not a run status" },
        { "attributes.start_time > 'yesterday'", 24, "ISO 8601" },
        { "attributes.start_time > true", 24, "Unix milliseconds" },
        { "attributes.run_name = 3", 22, "quote the value" },
        { "attributes.colour = 'x'", 11, "unknown attribute 'colour'" },
        { "inputs.colour = 'x'", 7, "unknown input field 'colour'" },
        { "metrics.rmse = NULL", 15, "IS NULL" },
        { "metrics.rmse IS 5", 16, "expected NULL" },
        { "params.x NOT = 1", 13, "expected IN, LIKE or ILIKE after NOT" },
        { "params.x IN 1", 12, "expected '('" },
        { "params.x IN (1, 2", 17, "never closed" },
        { "params.x IN (1 2)", 15, "expected ',' or ')'" },
        { "metrics.rmse < 1e999", 15, "finite" },
        { "metrics.rmse < 1abc", 16, "is not a number" },
        { "params.flag > true", 14, "boolean" },
        { "tags.x LIKE 'a\\'", 12, "lone" },
        { "metrics.x ~ 1", 10, "expected an operator" },
        { "metrics.x", 9, "expected an operator" },
        { "attributes.experiment_id = 1.5", 27, "whole number" },
        { "params.`a\nb` = 'x'", 7, "param key" },
        { "params.`unterminated = 'x'", 7, "never closed" },
        { "metrics.rmse < 1 metrics.acc > 2", 17, "join terms with AND or OR" },
        { "metrics.rmse < 1)", 16, "unbalanced ')'" },
        { "(metrics.rmse < 1 x", 18, "expected ')' or AND/OR" },
        { "", -1, string.Empty },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_errors_name_the_position_and_the_problem(string filter, int position, string reason)
    {
        if (position < 0)
        {
            Assert.Null(FilterParser.ParseFilter(filter));
            Assert.Null(FilterParser.ParseFilter("   "));
            return;
        }

        var error = Assert.Throws<ValidationException>(() => FilterParser.ParseFilter(filter));
        Assert.Contains($"at position {position}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("The filter '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_and_length_are_bounded()
    {
        var deep = string.Concat(Enumerable.Repeat("NOT ", 150)) + "metrics.x < 1";
        Assert.Contains("more than 100 deep", Assert.Throws<ValidationException>(() => FilterParser.ParseFilter(deep)).Message, StringComparison.Ordinal);
        var parens = new string('(', 150) + "metrics.x < 1" + new string(')', 150);
        Assert.Contains("deep", Assert.Throws<ValidationException>(() => FilterParser.ParseFilter(parens)).Message, StringComparison.Ordinal);
        var longFilter = string.Join(" or ", Enumerable.Repeat("metrics.rmse < 0.5", 2000));
        Assert.Contains("characters long", Assert.Throws<ValidationException>(() => FilterParser.ParseFilter(longFilter)).Message, StringComparison.Ordinal);
        var manyValues = "params.x IN (" + string.Join(",", Enumerable.Repeat("1", 1001)) + ")";
        Assert.Contains("at most 1000 values", Assert.Throws<ValidationException>(() => FilterParser.ParseFilter(manyValues)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fields_resolve_keys_aggregates_quotes_and_bare_attributes()
    {
        Assert.Equal(new FilterField(FieldKind.Metric, "val.loss", MetricAggregate.Min, 0), Field("metrics.val.loss.min < 1"));
        Assert.Equal(new FilterField(FieldKind.Metric, "x.min", MetricAggregate.Last, 0), Field("metrics.`x.min` < 1"));
        Assert.Equal(new FilterField(FieldKind.Metric, "min", MetricAggregate.Last, 0), Field("metric.min < 1"));
        Assert.Equal(new FilterField(FieldKind.Metric, "a/b:c-d", MetricAggregate.Max, 0), Field("metrics.a/b:c-d.MAX < 1"));
        Assert.Equal(new FilterField(FieldKind.Param, "my key", MetricAggregate.Last, 0), Field("params.\"my key\" = 'x'"));
        Assert.Equal(new FilterField(FieldKind.Tag, "mlops.error", MetricAggregate.Last, 0), Field("tag.mlops.error IS NULL"));
        Assert.Equal(new FilterField(FieldKind.Attribute, "run_name", MetricAggregate.Last, 0), Field("name = 'x'"));
        Assert.Equal(new FilterField(FieldKind.Attribute, "run_id", MetricAggregate.Last, 0), Field("run.id = 'x'"));
        Assert.Equal(new FilterField(FieldKind.Input, "dataset", MetricAggregate.Last, 0), Field("input.DATASET = 'x'"));
        var comparison = (FilterComparison)FilterParser.ParseFilter("attributes.status IN ('finished', 'Killed')")!;
        Assert.Equal(["FINISHED", "KILLED"], comparison.Values.Select(v => v.Value));
        var time = (FilterComparison)FilterParser.ParseFilter("attributes.start_time >= 1000")!;
        Assert.Equal(1_000_000L, time.Values[0].Value);
    }

    [Fact]
    public void Orders_parse_one_field_and_a_direction()
    {
        Assert.Equal(OrderTerm.Default, FilterParser.ParseOrderBy(null));
        Assert.Equal(OrderTerm.Default, FilterParser.ParseOrderBy(" "));
        var order = FilterParser.ParseOrderBy("metrics.rmse.min desc");
        Assert.True(order.Descending);
        Assert.Equal(MetricAggregate.Min, order.Field.Aggregate);
        Assert.False(FilterParser.ParseOrderBy("params.lr ASC").Descending);
        Assert.Contains("ordered by one field", Assert.Throws<ValidationException>(() => FilterParser.ParseOrderBy("metrics.a, metrics.b")).Message, StringComparison.Ordinal);
        Assert.Contains("expected ASC, DESC", Assert.Throws<ValidationException>(() => FilterParser.ParseOrderBy("metrics.a sideways")).Message, StringComparison.Ordinal);
        Assert.Contains("inputs", Assert.Throws<ValidationException>(() => FilterParser.ParseOrderBy("inputs.dataset")).Message, StringComparison.Ordinal);
        Assert.StartsWith("The order '", Assert.Throws<ValidationException>(() => FilterParser.ParseOrderBy("nope")).Message, StringComparison.Ordinal);
        Assert.Contains("characters long", Assert.Throws<ValidationException>(() => FilterParser.ParseOrderBy(new string('x', 600))).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "abc")]
    [InlineData("a%b_c", "a*b?c")]
    [InlineData("50\\%", "50%")]
    [InlineData("a\\_b", "a_b")]
    [InlineData("star*q?[x]", "star[*]q[?][[]x]")]
    [InlineData("\\\\", "\\")]
    public void Like_patterns_translate_to_sqlite_glob(string like, string glob) => Assert.Equal(glob, LikePattern.ToGlob(like));

    [Fact]
    public void Compiled_sql_holds_no_literal_and_its_text_does_not_depend_on_values()
    {
        var tables = new TrackingTables(MLOps.Storage.Sql.SqliteDialect.Instance);
        string Compile(string filter, out SqlParameters parameters)
        {
            parameters = new SqlParameters();
            return new FilterCompiler(tables, isSqlite: true, parameters).Compile(FilterParser.ParseFilter(filter)!);
        }

        var sql = Compile("tags.`team` = 'x''; DROP TABLE t; --' or params.lr > 0.5 or attributes.run_name LIKE 'a%'", out var parameters);
        Assert.DoesNotContain("DROP", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("0.5", sql, StringComparison.Ordinal);
        Assert.DoesNotContain("team", sql, StringComparison.Ordinal);
        Assert.Contains("x'; DROP TABLE t; --", parameters.Values.Select(p => p.Value));
        Assert.Equal(sql, Compile("tags.`zzz` = 'other' or params.lr > 99 or attributes.run_name LIKE 'b'", out _));
    }

    private static FilterField Field(string filter) => ((FilterComparison)FilterParser.ParseFilter(filter)!).Field;
}
