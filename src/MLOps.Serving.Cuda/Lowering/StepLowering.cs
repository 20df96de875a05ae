using MLOps.Serving.Cuda.Kernels;
using MLOps.Serving.Execution;
using MLOps.Serving.Graph;
using MLOps.Serving.Operators;

namespace MLOps.Serving.Cuda.Lowering;

/// <summary>Lowers one plan step by operator; a helper throws <see cref="NotSupportedException"/> with the reason when a case is not covered.</summary>
internal sealed partial class StepLowering
{
    private readonly ExecutionPlan _plan;
    private readonly PlanStep _step;
    private readonly Node _node;

    public StepLowering(ExecutionPlan plan, PlanStep step)
    {
        _plan = plan;
        _step = step;
        _node = step.Operator.Node;
    }

    private int Output => _step.Outputs[0];

    public DeviceStep? Lower(out string reason)
    {
        reason = string.Empty;
        var a = _node.Attributes;
        switch (_node.OpType)
        {
            case "Gemm":
                return LowerGemm();
            case "MatMul":
                return LowerMatMul();
            case "Relu" or "Sigmoid" or "Tanh" or "Erf" or "Exp" or "Log" or "Sqrt" or "Neg" or "Abs":
                return Unary(_node.OpType, 0, 0);
            case "Gelu":
                return Unary(string.Equals(a.GetString("approximate", "none"), "tanh", StringComparison.Ordinal) ? "GeluTanh" : "Gelu", 0, 0);
            case "LeakyRelu":
                return Unary("LeakyRelu", a.GetFloat("alpha", 0.01f), 0);
            case "Clip":
                return LowerClip();
            case "Identity" or "Reshape" or "Flatten" or "Squeeze" or "Unsqueeze":
                return Unary("Identity", 0, 0);
            case "Add" or "Sub" or "Mul" or "Div":
                return LowerBinary();
            case "Softmax":
                return LowerSoftmax();
            case "LayerNormalization":
                return LowerLayerNorm();
            case "BatchNormalization":
                return LowerBatchNorm();
            case "ReduceMean" or "ReduceSum" or "ReduceMax":
                return LowerReduce();
            case "Gather":
                return LowerGather();
            case "Concat":
                return LowerConcat();
            case "Transpose":
                return LowerTranspose();
            default:
                reason = $"{_node.OpType} has no CUDA kernel";
                return null;
        }
    }

    private DeviceStep Unary(string function, float p0, float p1)
    {
        FloatShape(0);
        var count = _plan.Slots[Output].Length;
        return DeviceStep.Launch(_node, new KernelLaunchSpec(
            CudaKernelSources.UnaryEntry(function),
            CudaKernelSources.Unary(function),
            KernelLaunchSpec.GridFor(count),
            KernelLaunchSpec.DefaultBlock,
            0,
            [KernelArgument.Buffer(_step.Inputs[0]), KernelArgument.Buffer(Output), KernelArgument.Int(count), KernelArgument.Float(p0), KernelArgument.Float(p1)]));
    }

    private DeviceStep LowerClip()
    {
        if (_node.Opset < 11)
        {
            return Unary("Clip", _node.Attributes.GetFloat("min", float.MinValue), _node.Attributes.GetFloat("max", float.MaxValue));
        }

        return Unary("Clip", ScalarInput(1, float.NegativeInfinity), ScalarInput(2, float.PositiveInfinity));
    }

    private float ScalarInput(int index, float absent)
    {
        if (index >= _step.Inputs.Length || _step.Inputs[index] < 0)
        {
            return absent;
        }

        var slot = _plan.Slots[_step.Inputs[index]];
        if (slot.Kind != SlotKind.Constant || slot.Type != DataType.Float || slot.Length != 1)
        {
            throw new NotSupportedException($"input {index} must be a constant float scalar");
        }

        return slot.Constant!.Span<float>()[0];
    }

    private DeviceStep LowerBinary()
    {
        var a = FloatShape(0);
        var b = FloatShape(1);
        var output = _plan.Slots[Output].Shape;
        var function = _node.OpType;
        return DeviceStep.Launch(_node, new KernelLaunchSpec(
            CudaKernelSources.BinaryEntry(function),
            CudaKernelSources.Binary(function),
            KernelLaunchSpec.GridFor(_plan.Slots[Output].Length),
            KernelLaunchSpec.DefaultBlock,
            0,
            [KernelArgument.Buffer(_step.Inputs[0]), KernelArgument.Buffer(_step.Inputs[1]), KernelArgument.Buffer(Output), KernelArgument.Struct(IndexMath.Broadcast(output, a, b))]));
    }

    private DeviceStep LowerSoftmax()
    {
        var shape = FloatShape(0);
        var axis = Axis(_node.Attributes.GetInt("axis", _node.Opset < 13 ? 1 : -1), shape.Length);
        var outer = ShapeMath.Product(shape, 0, axis);
        var dim = _node.Opset < 13 ? ShapeMath.Product(shape, axis, shape.Length) : shape[axis];
        var inner = _node.Opset < 13 ? 1 : ShapeMath.Product(shape, axis + 1, shape.Length);
        var x = KernelArgument.Buffer(_step.Inputs[0]);
        var y = KernelArgument.Buffer(Output);
        if (inner == 1)
        {
            return DeviceStep.Launch(_node, new KernelLaunchSpec(
                CudaKernelSources.SoftmaxRowsEntry, CudaKernelSources.SoftmaxRows(), (uint)Math.Clamp(outer, 1, 65_535), KernelLaunchSpec.DefaultBlock, KernelLaunchSpec.DefaultBlock * 4,
                [x, y, KernelArgument.Int(outer), KernelArgument.Int(dim)]));
        }

        return DeviceStep.Launch(_node, new KernelLaunchSpec(
            CudaKernelSources.SoftmaxStridedEntry, CudaKernelSources.SoftmaxStrided(), KernelLaunchSpec.GridFor((long)outer * inner), KernelLaunchSpec.DefaultBlock, 0,
            [x, y, KernelArgument.Int(outer), KernelArgument.Int(dim), KernelArgument.Int(inner)]));
    }

    private DeviceStep LowerLayerNorm()
    {
        if (_step.Outputs.Skip(1).Any(o => o >= 0))
        {
            throw new NotSupportedException("the Mean and InvStdDev outputs are not covered");
        }

        var shape = FloatShape(0);
        var axis = Axis(_node.Attributes.GetInt("axis", -1), shape.Length);
        var rows = ShapeMath.Product(shape, 0, axis);
        var cols = ShapeMath.Product(shape, axis, shape.Length);
        RequireLength(1, cols);
        var hasBias = _step.Inputs.Length > 2 && _step.Inputs[2] >= 0;
        if (hasBias)
        {
            RequireLength(2, cols);
        }

        return DeviceStep.Launch(_node, new KernelLaunchSpec(
            CudaKernelSources.LayerNormEntry, CudaKernelSources.LayerNorm(), (uint)Math.Clamp(rows, 1, 65_535), KernelLaunchSpec.DefaultBlock, KernelLaunchSpec.DefaultBlock * 4,
            [KernelArgument.Buffer(_step.Inputs[0]), KernelArgument.Buffer(_step.Inputs[1]), KernelArgument.Buffer(hasBias ? _step.Inputs[2] : -1), KernelArgument.Buffer(Output),
             KernelArgument.Int(rows), KernelArgument.Int(cols), KernelArgument.Float(_node.Attributes.GetFloat("epsilon", 1e-5f)), KernelArgument.Int(hasBias ? 1 : 0)]));
    }

    private DeviceStep LowerBatchNorm()
    {
        if (_node.Attributes.GetInt("training_mode", 0) != 0 || _step.Outputs.Skip(1).Any(o => o >= 0))
        {
            throw new NotSupportedException("training mode is not covered");
        }

        var shape = FloatShape(0);
        if (shape.Length < 2)
        {
            throw new NotSupportedException("BatchNormalization needs a channel dimension");
        }

        for (var i = 1; i <= 4; i++)
        {
            RequireLength(i, shape[1]);
        }

        var count = _plan.Slots[Output].Length;
        return DeviceStep.Launch(_node, new KernelLaunchSpec(
            CudaKernelSources.BatchNormEntry, CudaKernelSources.BatchNorm(), KernelLaunchSpec.GridFor(count), KernelLaunchSpec.DefaultBlock, 0,
            [KernelArgument.Buffer(_step.Inputs[0]), KernelArgument.Buffer(_step.Inputs[1]), KernelArgument.Buffer(_step.Inputs[2]), KernelArgument.Buffer(_step.Inputs[3]), KernelArgument.Buffer(_step.Inputs[4]), KernelArgument.Buffer(Output),
             KernelArgument.Int(count), KernelArgument.Int(shape[1]), KernelArgument.Int(ShapeMath.Product(shape, 2, shape.Length)), KernelArgument.Float(_node.Attributes.GetFloat("epsilon", 1e-5f))]));
    }

    private DeviceStep LowerReduce()
    {
        var shape = FloatShape(0);
        var axesAsInput = _node.OpType is "ReduceSum" ? _node.Opset >= 13 : _node.Opset >= 18;
        long[]? axes;
        if (axesAsInput)
        {
            axes = null;
            if (_step.Inputs.Length > 1 && _step.Inputs[1] >= 0)
            {
                var slot = _plan.Slots[_step.Inputs[1]];
                axes = slot.Kind == SlotKind.Constant ? slot.Constant!.ToInt64Array() : throw new NotSupportedException("axes must be a constant");
            }
        }
        else
        {
            axes = _node.Attributes.GetInts("axes");
        }

        if ((axes is null || axes.Length == 0) && _node.Attributes.GetInt("noop_with_empty_axes", 0) != 0)
        {
            throw new NotSupportedException("noop_with_empty_axes is not covered");
        }

        var reduced = new bool[shape.Length];
        if (axes is null || axes.Length == 0)
        {
            Array.Fill(reduced, true);
        }
        else
        {
            foreach (var axis in axes)
            {
                reduced[Axis(axis, shape.Length)] = true;
            }
        }

        return DeviceStep.Launch(_node, new KernelLaunchSpec(
            CudaKernelSources.ReduceEntry(_node.OpType), CudaKernelSources.Reduce(_node.OpType), KernelLaunchSpec.GridFor(_plan.Slots[Output].Length), KernelLaunchSpec.DefaultBlock, 0,
            [KernelArgument.Buffer(_step.Inputs[0]), KernelArgument.Buffer(Output), KernelArgument.Struct(IndexMath.Reduction(shape, reduced))]));
    }

    private DeviceStep LowerGather()
    {
        var data = FloatShape(0);
        var indices = _plan.Slots[_step.Inputs[1]];
        if (indices.Type is not (DataType.Int64 or DataType.Int32))
        {
            throw new NotSupportedException($"indices of type {DataTypes.Name(indices.Type)} are not covered");
        }

        var axis = Axis(_node.Attributes.GetInt("axis", 0), data.Length);
        var count = _plan.Slots[Output].Length;
        var int64 = indices.Type == DataType.Int64;
        return DeviceStep.Launch(_node, new KernelLaunchSpec(
            CudaKernelSources.GatherEntry(int64), CudaKernelSources.Gather(int64), KernelLaunchSpec.GridFor(count), KernelLaunchSpec.DefaultBlock, 0,
            [KernelArgument.Buffer(_step.Inputs[0]), KernelArgument.Buffer(_step.Inputs[1]), KernelArgument.Buffer(Output),
             KernelArgument.Int(count), KernelArgument.Int(data[axis]), KernelArgument.Int(ShapeMath.Product(data, axis + 1, data.Length)), KernelArgument.Int(indices.Length)]));
    }

    private DeviceStep LowerConcat()
    {
        var output = _plan.Slots[Output].Shape;
        var axis = Axis(_node.Attributes.GetRequiredInt("axis"), output.Length);
        var inner = ShapeMath.Product(output, axis + 1, output.Length);
        var kernels = new List<KernelLaunchSpec>();
        var offset = 0;
        for (var i = 0; i < _step.Inputs.Length; i++)
        {
            if (_step.Inputs[i] < 0)
            {
                continue;
            }

            var shape = FloatShape(i);
            var count = _plan.Slots[_step.Inputs[i]].Length;
            if (count > 0)
            {
                kernels.Add(new KernelLaunchSpec(
                    CudaKernelSources.ConcatEntry, CudaKernelSources.Concat(), KernelLaunchSpec.GridFor(count), KernelLaunchSpec.DefaultBlock, 0,
                    [KernelArgument.Buffer(_step.Inputs[i]), KernelArgument.Buffer(Output), KernelArgument.Int(count), KernelArgument.Int(shape[axis]), KernelArgument.Int(output[axis]), KernelArgument.Int(offset), KernelArgument.Int(inner)]));
            }

            offset += shape[axis];
        }

        return DeviceStep.Launch(_node, [.. kernels]);
    }

    private DeviceStep LowerTranspose()
    {
        var shape = FloatShape(0);
        var perm = _node.Attributes.GetInts("perm") ?? [.. Enumerable.Range(0, shape.Length).Reverse().Select(static d => (long)d)];
        return DeviceStep.Launch(_node, new KernelLaunchSpec(
            CudaKernelSources.TransposeEntry, CudaKernelSources.Transpose(), KernelLaunchSpec.GridFor(_plan.Slots[Output].Length), KernelLaunchSpec.DefaultBlock, 0,
            [KernelArgument.Buffer(_step.Inputs[0]), KernelArgument.Buffer(Output), KernelArgument.Struct(IndexMath.Permutation(shape, [.. perm.Select(static p => (int)p)]))]));
    }

    private int[] FloatShape(int input)
    {
        if (input >= _step.Inputs.Length || _step.Inputs[input] < 0)
        {
            throw new NotSupportedException($"input {input} is absent");
        }

        var slot = _plan.Slots[_step.Inputs[input]];
        if (slot.Type != DataType.Float)
        {
            throw new NotSupportedException($"input '{slot.Name}' is {DataTypes.Name(slot.Type)}; the CUDA kernels are float32");
        }

        if (slot.Shape.Length > CudaKernelSources.MaxRank)
        {
            throw new NotSupportedException($"input '{slot.Name}' has rank {slot.Shape.Length}; the CUDA kernels handle rank {CudaKernelSources.MaxRank} at most");
        }

        return slot.Shape;
    }

    private void RequireLength(int input, int length)
    {
        FloatShape(input);
        if (_plan.Slots[_step.Inputs[input]].Length != length)
        {
            throw new NotSupportedException($"input {input} has {_plan.Slots[_step.Inputs[input]].Length} elements, not {length}");
        }
    }

    private int Axis(long axis, int rank)
    {
        var normalized = axis < 0 ? axis + rank : axis;
        return normalized >= 0 && normalized < Math.Max(rank, 1) ? (int)normalized : throw new NotSupportedException($"axis {axis} is out of range for rank {rank}");
    }
}
