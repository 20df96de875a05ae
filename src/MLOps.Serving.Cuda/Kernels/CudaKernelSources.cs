namespace MLOps.Serving.Cuda.Kernels;

/// <summary>
/// CUDA C sources for the device kernels, generated per op from fixed templates so the same op always
/// gives the same text (and so the same compile-cache key). Every kernel uses a grid-stride loop over
/// 32-bit element indices; shapes and strides travel in a by-value array of ints (rank at most
/// <see cref="MaxRank"/>), so broadcasting needs no device-side allocation.
/// </summary>
internal static class CudaKernelSources
{
    /// <summary>The highest tensor rank the index math handles; higher ranks fall back to the CPU.</summary>
    public const int MaxRank = 6;

    private const string Header = """
        #define MAXR 6
        #define MLOPS_NEG_INF __int_as_float(0xff800000)
        struct Bcast { int rank; int n; int dims[MAXR]; int sa[MAXR]; int sb[MAXR]; };
        struct Perm { int rank; int n; int dims[MAXR]; int strides[MAXR]; };
        struct Red { int rank; int n; int count; int dims[MAXR]; int strides[MAXR]; int rrank; int rdims[MAXR]; int rstrides[MAXR]; };
        #define GRID_STRIDE(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

        """;

    /// <summary>The unary functions and their expressions over <c>v</c> with parameters <c>p0</c>, <c>p1</c>.</summary>
    public static IReadOnlyDictionary<string, string> UnaryExpressions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Relu"] = "fmaxf(v, 0.0f)",
        ["Sigmoid"] = "1.0f / (1.0f + expf(-v))",
        ["Tanh"] = "tanhf(v)",
        ["Gelu"] = "0.5f * v * (1.0f + erff(v * 0.70710678118654752f))",
        ["GeluTanh"] = "0.5f * v * (1.0f + tanhf(0.79788456080286536f * (v + 0.044715f * v * v * v)))",
        ["Erf"] = "erff(v)",
        ["Exp"] = "expf(v)",
        ["Log"] = "logf(v)",
        ["Sqrt"] = "sqrtf(v)",
        ["Neg"] = "-v",
        ["Abs"] = "fabsf(v)",
        ["Clip"] = "fminf(fmaxf(v, p0), p1)",
        ["LeakyRelu"] = "(v >= 0.0f ? v : v * p0)",
        ["Identity"] = "v",
    };

    /// <summary>The binary functions over <c>a</c> and <c>b</c>.</summary>
    public static IReadOnlyDictionary<string, string> BinaryExpressions { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Add"] = "a + b",
        ["Sub"] = "a - b",
        ["Mul"] = "a * b",
        ["Div"] = "a / b",
    };

    /// <summary>The reductions: initial value, accumulate, finish (over <c>acc</c> and <c>count</c>).</summary>
    public static IReadOnlyDictionary<string, (string Init, string Step, string Finish)> Reductions { get; } = new Dictionary<string, (string, string, string)>(StringComparer.Ordinal)
    {
        ["ReduceSum"] = ("0.0f", "acc += v", "acc"),
        ["ReduceMean"] = ("0.0f", "acc += v", "acc / (float)s.count"),
        ["ReduceMax"] = ("MLOPS_NEG_INF", "acc = fmaxf(acc, v)", "acc"),
    };

    public static string UnaryEntry(string function) => "mlops_unary_" + function;

    public static string Unary(string function) => Header + $$"""
        extern "C" __global__ void {{UnaryEntry(function)}}(const float* __restrict__ x, float* __restrict__ y, int n, float p0, float p1)
        {
            GRID_STRIDE(i, n) { float v = x[i]; y[i] = {{UnaryExpressions[function]}}; }
        }
        """;

    public static string BinaryEntry(string function) => "mlops_binary_" + function;

    public static string Binary(string function) => Header + $$"""
        extern "C" __global__ void {{BinaryEntry(function)}}(const float* __restrict__ x, const float* __restrict__ z, float* __restrict__ y, Bcast s)
        {
            GRID_STRIDE(i, s.n)
            {
                int r = i, ia = 0, ib = 0;
                for (int d = s.rank - 1; d >= 0; --d) { int c = r % s.dims[d]; r /= s.dims[d]; ia += c * s.sa[d]; ib += c * s.sb[d]; }
                float a = x[ia]; float b = z[ib];
                y[i] = {{BinaryExpressions[function]}};
            }
        }
        """;

    public static string BiasActivationEntry(string activation) => "mlops_bias_" + activation;

    /// <summary>The GEMM epilogue: adds a per-column bias (when given) and applies an activation in place.</summary>
    public static string BiasActivation(string activation) => Header + $$"""
        extern "C" __global__ void {{BiasActivationEntry(activation)}}(float* __restrict__ y, const float* __restrict__ bias, int n, int cols, int hasBias, float p0, float p1)
        {
            GRID_STRIDE(i, n) { float v = y[i] + (hasBias ? bias[i % cols] : 0.0f); y[i] = {{UnaryExpressions[activation]}}; }
        }
        """;

    public const string SoftmaxRowsEntry = "mlops_softmax_rows";

    /// <summary>Softmax over contiguous rows: one block per row, shared-memory max and sum.</summary>
    public static string SoftmaxRows() => Header + """
        extern "C" __global__ void mlops_softmax_rows(const float* __restrict__ x, float* __restrict__ y, int rows, int cols)
        {
            extern __shared__ float shared[];
            for (int row = blockIdx.x; row < rows; row += gridDim.x)
            {
                const float* in = x + (long long)row * cols; float* out = y + (long long)row * cols;
                float m = MLOPS_NEG_INF;
                for (int j = threadIdx.x; j < cols; j += blockDim.x) m = fmaxf(m, in[j]);
                shared[threadIdx.x] = m; __syncthreads();
                for (int w = blockDim.x / 2; w > 0; w >>= 1) { if ((int)threadIdx.x < w) shared[threadIdx.x] = fmaxf(shared[threadIdx.x], shared[threadIdx.x + w]); __syncthreads(); }
                m = shared[0]; __syncthreads();
                float sum = 0.0f;
                for (int j = threadIdx.x; j < cols; j += blockDim.x) sum += expf(in[j] - m);
                shared[threadIdx.x] = sum; __syncthreads();
                for (int w = blockDim.x / 2; w > 0; w >>= 1) { if ((int)threadIdx.x < w) shared[threadIdx.x] += shared[threadIdx.x + w]; __syncthreads(); }
                float inv = 1.0f / shared[0]; __syncthreads();
                for (int j = threadIdx.x; j < cols; j += blockDim.x) out[j] = expf(in[j] - m) * inv;
            }
        }
        """;

    public const string SoftmaxStridedEntry = "mlops_softmax_strided";

    /// <summary>Softmax over a non-innermost axis: one thread per (outer, inner) pair.</summary>
    public static string SoftmaxStrided() => Header + """
        extern "C" __global__ void mlops_softmax_strided(const float* __restrict__ x, float* __restrict__ y, int outer, int dim, int inner)
        {
            GRID_STRIDE(p, outer * inner)
            {
                int o = p / inner, q = p % inner;
                long long base = (long long)o * dim * inner + q;
                float m = MLOPS_NEG_INF;
                for (int j = 0; j < dim; ++j) m = fmaxf(m, x[base + (long long)j * inner]);
                float sum = 0.0f;
                for (int j = 0; j < dim; ++j) sum += expf(x[base + (long long)j * inner] - m);
                float inv = 1.0f / sum;
                for (int j = 0; j < dim; ++j) y[base + (long long)j * inner] = expf(x[base + (long long)j * inner] - m) * inv;
            }
        }
        """;

    public const string LayerNormEntry = "mlops_layernorm";

    /// <summary>LayerNormalization over contiguous rows: one block per row, two-pass mean and variance.</summary>
    public static string LayerNorm() => Header + """
        extern "C" __global__ void mlops_layernorm(const float* __restrict__ x, const float* __restrict__ scale, const float* __restrict__ bias, float* __restrict__ y, int rows, int cols, float eps, int hasBias)
        {
            extern __shared__ float shared[];
            for (int row = blockIdx.x; row < rows; row += gridDim.x)
            {
                const float* in = x + (long long)row * cols; float* out = y + (long long)row * cols;
                float sum = 0.0f;
                for (int j = threadIdx.x; j < cols; j += blockDim.x) sum += in[j];
                shared[threadIdx.x] = sum; __syncthreads();
                for (int w = blockDim.x / 2; w > 0; w >>= 1) { if ((int)threadIdx.x < w) shared[threadIdx.x] += shared[threadIdx.x + w]; __syncthreads(); }
                float mean = shared[0] / cols; __syncthreads();
                float sq = 0.0f;
                for (int j = threadIdx.x; j < cols; j += blockDim.x) { float d = in[j] - mean; sq += d * d; }
                shared[threadIdx.x] = sq; __syncthreads();
                for (int w = blockDim.x / 2; w > 0; w >>= 1) { if ((int)threadIdx.x < w) shared[threadIdx.x] += shared[threadIdx.x + w]; __syncthreads(); }
                float inv = rsqrtf(shared[0] / cols + eps); __syncthreads();
                for (int j = threadIdx.x; j < cols; j += blockDim.x) out[j] = (in[j] - mean) * inv * scale[j] + (hasBias ? bias[j] : 0.0f);
            }
        }
        """;

    public const string BatchNormEntry = "mlops_batchnorm";

    /// <summary>BatchNormalization in inference mode, per channel (dimension 1).</summary>
    public static string BatchNorm() => Header + """
        extern "C" __global__ void mlops_batchnorm(const float* __restrict__ x, const float* __restrict__ scale, const float* __restrict__ bias, const float* __restrict__ mean, const float* __restrict__ var, float* __restrict__ y, int n, int channels, int inner, float eps)
        {
            GRID_STRIDE(i, n) { int c = (i / inner) % channels; y[i] = (x[i] - mean[c]) * rsqrtf(var[c] + eps) * scale[c] + bias[c]; }
        }
        """;

    public static string ReduceEntry(string op) => "mlops_" + op;

    /// <summary>A reduction: one thread per output element, walking the reduced axes through their input strides.</summary>
    public static string Reduce(string op)
    {
        var (init, step, finish) = Reductions[op];
        return Header + $$"""
            extern "C" __global__ void {{ReduceEntry(op)}}(const float* __restrict__ x, float* __restrict__ y, Red s)
            {
                GRID_STRIDE(i, s.n)
                {
                    int r = i, base = 0;
                    for (int d = s.rank - 1; d >= 0; --d) { int c = r % s.dims[d]; r /= s.dims[d]; base += c * s.strides[d]; }
                    float acc = {{init}};
                    for (int k = 0; k < s.count; ++k)
                    {
                        int q = k, off = base;
                        for (int d = s.rrank - 1; d >= 0; --d) { int c = q % s.rdims[d]; q /= s.rdims[d]; off += c * s.rstrides[d]; }
                        float v = x[off]; {{step}};
                    }
                    y[i] = {{finish}};
                }
            }
            """;
    }

    public static string GatherEntry(bool int64Indices) => int64Indices ? "mlops_gather_i64" : "mlops_gather_i32";

    /// <summary>Gather along one axis; negative indices count from the end, out-of-range ones are clamped (the CPU executor rejects them).</summary>
    public static string Gather(bool int64Indices) => Header + $$"""
        extern "C" __global__ void {{GatherEntry(int64Indices)}}(const float* __restrict__ data, const {{(int64Indices ? "long long" : "int")}}* __restrict__ indices, float* __restrict__ y, int n, int axisDim, int inner, int indexCount)
        {
            GRID_STRIDE(i, n)
            {
                int q = i % inner; int t = i / inner; int j = t % indexCount; int o = t / indexCount;
                long long k = (long long)indices[j]; if (k < 0) k += axisDim; if (k < 0) k = 0; if (k >= axisDim) k = axisDim - 1;
                y[i] = data[((long long)o * axisDim + k) * inner + q];
            }
        }
        """;

    public const string ConcatEntry = "mlops_concat_part";

    /// <summary>Copies one Concat input into its slice of the output.</summary>
    public static string Concat() => Header + """
        extern "C" __global__ void mlops_concat_part(const float* __restrict__ x, float* __restrict__ y, int n, int partDim, int totalDim, int offset, int inner)
        {
            GRID_STRIDE(i, n) { int block = partDim * inner; int o = i / block; int r = i % block; y[(long long)o * totalDim * inner + (long long)offset * inner + r] = x[i]; }
        }
        """;

    public const string TransposeEntry = "mlops_transpose";

    /// <summary>Transpose: each output element reads the input at its permuted strides.</summary>
    public static string Transpose() => Header + """
        extern "C" __global__ void mlops_transpose(const float* __restrict__ x, float* __restrict__ y, Perm s)
        {
            GRID_STRIDE(i, s.n)
            {
                int r = i, off = 0;
                for (int d = s.rank - 1; d >= 0; --d) { int c = r % s.dims[d]; r /= s.dims[d]; off += c * s.strides[d]; }
                y[i] = x[off];
            }
        }
        """;

    /// <summary>Every distinct kernel source, for warming the compile cache and for tests.</summary>
    public static IEnumerable<(string Entry, string Source)> All()
    {
        foreach (var function in UnaryExpressions.Keys)
        {
            yield return (UnaryEntry(function), Unary(function));
            yield return (BiasActivationEntry(function), BiasActivation(function));
        }

        foreach (var function in BinaryExpressions.Keys)
        {
            yield return (BinaryEntry(function), Binary(function));
        }

        foreach (var op in Reductions.Keys)
        {
            yield return (ReduceEntry(op), Reduce(op));
        }

        yield return (SoftmaxRowsEntry, SoftmaxRows());
        yield return (SoftmaxStridedEntry, SoftmaxStrided());
        yield return (LayerNormEntry, LayerNorm());
        yield return (BatchNormEntry, BatchNorm());
        yield return (GatherEntry(int64Indices: true), Gather(int64Indices: true));
        yield return (GatherEntry(int64Indices: false), Gather(int64Indices: false));
        yield return (ConcatEntry, Concat());
        yield return (TransposeEntry, Transpose());
    }
}
