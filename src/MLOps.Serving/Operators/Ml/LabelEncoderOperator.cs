using MLOps.Serving.Graph;

namespace MLOps.Serving.Operators.Ml;

/// <summary>
/// ai.onnx.ml LabelEncoder: maps keys to values (strings, int64s or floats), with a default for
/// unknown keys. Opset 1 maps strings to their index in classes_strings and back.
/// </summary>
internal sealed class LabelEncoderOperator : Operator
{
    private readonly DataType _keyType;
    private readonly DataType _valueType;
    private readonly Dictionary<string, int>? _stringKeys;
    private readonly Dictionary<long, int>? _intKeys;
    private readonly Dictionary<float, int>? _floatKeys;
    private readonly string[]? _stringValues;
    private readonly long[]? _intValues;
    private readonly float[]? _floatValues;
    private readonly string _defaultString;
    private readonly long _defaultInt;
    private readonly float _defaultFloat;

    public LabelEncoderOperator(Node node)
        : base(node)
    {
        var a = node.Attributes;
        _defaultString = a.GetString("default_string", "_Unused");
        _defaultInt = a.GetInt("default_int64", -1);
        _defaultFloat = a.GetFloat("default_float", -0f);
        string[]? stringKeys;
        long[]? intKeys = null;
        float[]? floatKeys = null;
        if (node.Opset < 2)
        {
            // classes_strings: string → its index, or index → string, depending on the input type.
            var classes = a.GetStrings("classes_strings") ?? [];
            stringKeys = classes;
            _intValues = [.. Enumerable.Range(0, classes.Length).Select(static i => (long)i)];
            _stringValues = classes;
            intKeys = [.. _intValues];
            _keyType = DataType.Undefined;
        }
        else
        {
            stringKeys = a.GetStrings("keys_strings");
            intKeys = a.GetInts("keys_int64s");
            floatKeys = a.GetFloats("keys_floats");
            _stringValues = a.GetStrings("values_strings");
            _intValues = a.GetInts("values_int64s");
            _floatValues = a.GetFloats("values_floats");
            if (a.Has("keys_tensor") || a.Has("values_tensor"))
            {
                throw Error("keys_tensor and values_tensor (opset 4) are not supported.");
            }

            _keyType = stringKeys is not null ? DataType.String : intKeys is not null ? DataType.Int64 : floatKeys is not null ? DataType.Float
                : throw Error("no keys_* attribute is set.");
            _valueType = _stringValues is not null ? DataType.String : _intValues is not null ? DataType.Int64 : _floatValues is not null ? DataType.Float
                : throw Error("no values_* attribute is set.");
            var keyCount = stringKeys?.Length ?? intKeys?.Length ?? floatKeys!.Length;
            var valueCount = _stringValues?.Length ?? _intValues?.Length ?? _floatValues!.Length;
            if (keyCount != valueCount)
            {
                throw Error($"{keyCount} keys but {valueCount} values.");
            }
        }

        if (stringKeys is not null)
        {
            _stringKeys = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < stringKeys.Length; i++)
            {
                _stringKeys.TryAdd(stringKeys[i], i);
            }
        }

        if (intKeys is not null)
        {
            _intKeys = [];
            for (var i = 0; i < intKeys.Length; i++)
            {
                _intKeys.TryAdd(intKeys[i], i);
            }
        }

        if (floatKeys is not null)
        {
            _floatKeys = [];
            for (var i = 0; i < floatKeys.Length; i++)
            {
                _floatKeys.TryAdd(floatKeys[i], i);
            }
        }
    }

    public override void Infer(InferContext context)
    {
        var input = context.InputType(0);
        var keyType = _keyType == DataType.Undefined ? input : _keyType;
        if (input != keyType || input is not (DataType.String or DataType.Int64 or DataType.Float))
        {
            throw context.Error($"input '{context.InputName(0)}' is {DataTypes.Name(input)} but the keys are {DataTypes.Name(keyType)}.");
        }

        var valueType = _keyType == DataType.Undefined ? (input == DataType.String ? DataType.Int64 : DataType.String) : _valueType;
        context.SetOutput(0, valueType, context.InputShape(0));
        context.State = valueType;
    }

    public override void Execute(KernelContext context)
    {
        var valueType = (DataType)context.State!;
        var count = context.InputLength(0);
        for (var i = 0; i < count; i++)
        {
            var index = context.InputType(0) switch
            {
                DataType.String => _stringKeys!.GetValueOrDefault(context.InputStrings(0)[i], -1),
                DataType.Int64 => _intKeys!.GetValueOrDefault(context.Input<long>(0)[i], -1),
                _ => _floatKeys!.GetValueOrDefault(context.Input<float>(0)[i], -1),
            };
            switch (valueType)
            {
                case DataType.String:
                    context.OutputStrings(0)[i] = index >= 0 ? _stringValues![index] : _defaultString;
                    break;
                case DataType.Int64:
                    context.Output<long>(0)[i] = index >= 0 ? _intValues![index] : _defaultInt;
                    break;
                default:
                    context.Output<float>(0)[i] = index >= 0 ? _floatValues![index] : _defaultFloat;
                    break;
            }
        }
    }
}
