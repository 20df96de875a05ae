using MLOps.Data;

namespace MLOps.FeatureStore;

/// <summary>Runs an on-demand feature view over the rows of a batch: the offline half of "same code offline and online".</summary>
internal static class OnDemandExecutor
{
    public static IEnumerable<(FeatureReference Reference, Column Column)> Run(OnDemandFeatureView view, RecordBatch entityRows, IReadOnlyDictionary<FeatureReference, Column> features)
    {
        var requestColumns = view.RequestFields.Select(f => entityRows.Schema.IndexOf(f.Name) is var i and >= 0
            ? entityRows.Column(i)
            : throw new ValidationException($"On-demand feature view '{view.Name}' needs request field '{f.Name}', which the entity rows do not have.")).ToList();
        var inputColumns = view.Inputs.Select(i => features[i]).ToList();
        var builders = view.Outputs.Select(o => ColumnBuilder.Create(FeatureTypes.ToDataType(o.Type), entityRows.RowCount)).ToList();
        var request = new object?[requestColumns.Count];
        var inputs = new object?[inputColumns.Count];
        for (var row = 0; row < entityRows.RowCount; row++)
        {
            for (var i = 0; i < request.Length; i++)
            {
                request[i] = requestColumns[i].GetValue(row);
            }

            for (var i = 0; i < inputs.Length; i++)
            {
                inputs[i] = inputColumns[i].GetValue(row);
            }

            var outputs = view.Compute(request, inputs);
            for (var i = 0; i < outputs.Length; i++)
            {
                builders[i].AppendValue(OnlineValues.Coerce(outputs[i], view.Outputs[i].Type));
            }
        }

        for (var i = 0; i < builders.Count; i++)
        {
            yield return (new FeatureReference(view.Name, view.Outputs[i].Name), builders[i].Build());
        }
    }
}
