namespace MLOps.Tracking;

/// <summary>
/// A run search. The filter language compares attributes, params, metrics, tags and inputs, combined
/// with <c>AND</c>, <c>OR</c>, <c>NOT</c> and parentheses:
/// <code>metrics.rmse &lt; 0.5 and (params.model = 'gbm' or tags.team IN ('a', 'b'))</code>
/// Fields: <c>metrics.KEY</c> (last value), <c>metrics.KEY.min</c>, <c>metrics.KEY.max</c>;
/// <c>params.KEY</c> (numbers compare numerically, strings as text); <c>tags.KEY</c>;
/// <c>attributes.NAME</c> for <c>run_id</c>, <c>run_name</c>, <c>status</c>, <c>start_time</c>, <c>end_time</c>
/// (Unix milliseconds or an ISO 8601 string), <c>experiment_id</c>, <c>parent_run_id</c>, <c>user</c>,
/// <c>host</c>, <c>git_commit</c>, <c>entry_assembly</c>; <c>inputs.reference</c>, <c>inputs.dataset</c>,
/// <c>inputs.dataset_commit</c>, <c>inputs.features</c>, <c>inputs.model</c>, <c>inputs.context</c>.
/// Operators: <c>= != &lt; &lt;= &gt; &gt;=</c>, <c>[NOT] IN (…)</c>, <c>[NOT] LIKE</c> (case-sensitive,
/// <c>%</c> and <c>_</c>, <c>\</c> escapes), <c>[NOT] ILIKE</c> (ASCII case-insensitive),
/// <c>IS [NOT] NULL</c> (whether the run has the field). Keys holding characters other than letters,
/// digits, <c>_</c>, <c>-</c>, <c>/</c> and <c>:</c> are quoted with backticks: <c>tags.`my key`</c>. A
/// comparison on a field a run lacks (or on a NaN metric) is false; <c>NOT</c> negates it. Keywords are
/// case-insensitive.
/// </summary>
public sealed class RunQuery
{
    /// <summary>The experiments to search, by name; null or empty searches every experiment.</summary>
    /// <value>The default value is null.</value>
    public IReadOnlyList<string>? Experiments { get; set; }

    /// <summary>The filter expression; null or blank matches every run.</summary>
    /// <value>The default value is null.</value>
    public string? Filter { get; set; }

    /// <summary>
    /// The order: one field and an optional <c>ASC</c> or <c>DESC</c>, such as <c>metrics.rmse ASC</c>. Runs
    /// lacking the field (or with a NaN metric) come last; ties are broken by run creation order.
    /// </summary>
    /// <value>The default value is null, meaning <c>attributes.start_time DESC</c>.</value>
    public string? OrderBy { get; set; }

    /// <summary>The page size.</summary>
    /// <value>The default value is 100; at most <see cref="TrackingLimits.MaxPageSize"/>.</value>
    public int MaxResults { get; set; } = 100;

    /// <summary>The token from the previous page's <see cref="RunSearchResult.NextPageToken"/>, or null for the first page.</summary>
    /// <value>The default value is null.</value>
    public string? PageToken { get; set; }

    /// <summary>Which runs to see by deletion state.</summary>
    /// <value>The default value is <see cref="RunViewType.ActiveOnly"/>.</value>
    public RunViewType ViewType { get; set; } = RunViewType.ActiveOnly;
}
