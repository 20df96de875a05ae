using MLOps.Data;
using MLOps.FeatureStore;

namespace MLOps.Samples.Quickstart;

/// <summary>
/// The churn model's features: the entity "customer", a view over the committed customers CSV
/// (timestamped by sign-up), an on-demand flag computed by the same C# code offline and online, and
/// the feature service the model is trained and served with.
/// </summary>
internal static class ChurnFeatures
{
    public const string Service = "churn_model";
    public const string TenureColumn = "customer_profile__tenure_months";
    public const string SpendColumn = "customer_profile__monthly_spend";
    public const string ProAnnualColumn = "plan_flags__pro_annual";

    /// <summary>When the training labels were observed: every feature row at or before it may be used.</summary>
    public static readonly DateTimeOffset LabelTime = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FeatureDefinitions Define(string customersCsv)
    {
        var customer = new Entity("customer", "customer_id", FeatureType.Int64);
        var source = new CsvFileSource("customers", customersCsv, timestampField: "signed_up");
        var profile = new FeatureView(
            "customer_profile",
            [customer],
            source,
            [new Feature("tenure_months", FeatureType.Float64), new Feature("monthly_spend", FeatureType.Float64), new Feature("plan", FeatureType.String)]);
        var flags = new OnDemandFeatureView(
            "plan_flags",
            [],
            [new FeatureReference("customer_profile", "plan")],
            [new Feature("pro_annual", FeatureType.Float64)],
            row => row.Set("pro_annual", row.Get("plan") is "pro, annual" ? 1.0 : 0.0));
        var service = new FeatureService(Service, [new("customer_profile", "tenure_months"), new("customer_profile", "monthly_spend"), new("plan_flags", "pro_annual")]);
        return new FeatureDefinitions([customer], [profile], [service], [flags]);
    }

    /// <summary>Entity rows for training: each customer, the time its label was observed, and the label.</summary>
    public static RecordBatch EntityRows(RecordBatch customers)
    {
        var schema = new Schema(
            new Field("customer_id", DataType.Int64, IsNullable: false),
            new Field("event_timestamp", DataType.Timestamp, IsNullable: false),
            new Field("churned", DataType.Boolean, IsNullable: false));
        var ids = customers.Column<Int64Column>("customer_id");
        var churned = customers.Column<BooleanColumn>("churned");
        var builder = new RecordBatchBuilder(schema, customers.RowCount);
        for (var i = 0; i < customers.RowCount; i++)
        {
            builder.AppendRow(ids[i], LabelTime, churned[i]);
        }

        return builder.Build();
    }
}
