#!/usr/bin/python3
"""Produces ScipyFixtureData.cs: the values MLOps.Drift must reproduce, computed by scipy, as a JSON
document inside a C# raw string literal (so the tests need no file copied next to the assembly).

Run with Debian's interpreter (python3-scipy 1.10.1, numpy 1.24):
    /usr/bin/python3 tests/MLOps.Drift.Tests/Fixtures/make_fixtures.py

The samples are not stored: both sides generate them with the same SplitMix64 stream and only
exactly representable arithmetic (sums of integers scaled by powers of two), so C# and Python see
bit-identical doubles. The C# twin of gen() is Fixtures/FixtureSamples.cs.
"""
import json
import math
import os
import warnings
from fractions import Fraction

import numpy as np
import scipy
from scipy import stats
from scipy.spatial import distance
from scipy.special import rel_entr

MASK = (1 << 64) - 1


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)


def gen(spec):
    """kind 'normal': Irwin-Hall(4) centred, times 2^scale, plus loc; 'ties': loc + (r % levels) * 2^scale;
    'uniform': loc + u * 2^scale with u a 53-bit fraction."""
    rng = SplitMix64(spec["seed"])
    n, kind, loc, scale = spec["n"], spec["kind"], spec.get("loc", 0.0), 2.0 ** spec.get("scale_log2", 0)
    out = []
    for _ in range(n):
        if kind == "normal":
            s = sum(rng.next() >> 13 for _ in range(4))
            out.append(loc + (s * 2.0 ** -51 - 2.0) * scale)
        elif kind == "ties":
            out.append(loc + (rng.next() % spec["levels"]) * scale)
        else:
            out.append(loc + (rng.next() >> 11) * 2.0 ** -53 * scale)
    return np.array(out, dtype=np.float64)


def spec(seed, n, kind="normal", loc=0.0, scale_log2=0, levels=None):
    s = {"seed": seed, "n": n, "kind": kind, "loc": loc, "scale_log2": scale_log2}
    if levels is not None:
        s["levels"] = levels
    return s


def f(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


NUMERIC_CASES = [
    ("small_no_ties", spec(1, 7), spec(2, 9, loc=0.5)),
    ("small_5_vs_18", spec(3, 5), spec(4, 18, loc=0.25)),
    ("cvm_exact_20", spec(5, 20), spec(6, 20, loc=0.375)),
    ("cvm_exact_13_vs_17", spec(7, 13), spec(8, 17, loc=-0.25, scale_log2=1)),
    ("small_ties", spec(9, 15, "ties", levels=6), spec(10, 12, "ties", loc=1.0, levels=6)),
    ("one_vs_one", spec(11, 1), spec(12, 1, loc=1.0)),
    ("one_vs_five", spec(13, 1, loc=-3.0), spec(14, 5)),
    ("two_vs_three", spec(15, 2), spec(16, 3, loc=0.5)),
    ("equal_100_shift", spec(17, 100), spec(18, 100, loc=0.25)),
    ("medium_200_300", spec(19, 200), spec(20, 300, loc=0.125)),
    ("medium_same", spec(21, 400), spec(22, 350)),
    ("scale_1000_800", spec(23, 1000), spec(24, 800, scale_log2=1)),
    ("heavy_ties", spec(25, 500, "ties", levels=3), spec(26, 400, "ties", levels=4)),
    ("big_shift_300", spec(27, 300), spec(28, 300, loc=1.5)),
    ("big_shift_250_330", spec(29, 250), spec(30, 330, loc=1.0)),
    ("exact_limit_10000_9000", spec(31, 10000), spec(32, 9000, loc=0.03125)),
    ("large_12000_15000", spec(33, 12000), spec(34, 15000, loc=0.0625)),
    ("large_same_20000", spec(35, 20000), spec(36, 20000)),
    ("large_vs_small_15000_60", spec(37, 15000), spec(38, 60, loc=0.25)),
    ("large_shift_30000_25000", spec(39, 30000), spec(40, 25000, loc=0.25)),
    ("uniform_vs_normal_600", spec(41, 600, "uniform", loc=-0.5), spec(42, 600)),
]


def exact_ks_bigint(m, n, h, two_sided):
    """P(D >= h/lcm) by counting lattice paths with Python integers: an independent exact check."""
    bound = h * math.gcd(m, n)
    row = [0] * (n + 1)
    for i in range(m + 1):
        for j in range(n + 1):
            diff = i * n - j * m
            inside = abs(diff) < bound if two_sided else diff < bound
            if not inside:
                row[j] = 0
            elif i == 0 and j == 0:
                row[j] = 1
            else:
                row[j] = (row[j] if i > 0 else 0) + (row[j - 1] if j > 0 else 0)
    total = math.comb(m + n, m)
    return float(Fraction(total - row[n], total))


def ks_all(a, b):
    out = {}
    m, n = len(a), len(b)
    lcm = m * n // math.gcd(m, n)
    for alt in ("two-sided", "less", "greater"):
        for method in ("auto", "exact", "asymp"):
            if method == "exact" and max(m, n) > 10000:
                continue
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                r = stats.ks_2samp(a, b, alternative=alt, method=method)
            entry = [f(r.statistic), f(r.pvalue)]
            exact_requested = method == "exact" or (method == "auto" and max(m, n) <= 10000)
            if exact_requested:
                # scipy falls back to the asymptotic formula (with a warning) when its exact count overflows.
                entry.append(any("exact" in str(w.message).lower() for w in caught))
                if m * n <= 1_200_000:
                    h = int(round(float(r.statistic) * lcm))
                    entry.append(exact_ks_bigint(m, n, h, alt == "two-sided") if h > 0 else 1.0)
            out[f"{alt}/{method}"] = entry
    return out


def mwu_all(a, b):
    out = {}
    for alt in ("two-sided", "less", "greater"):
        r = stats.mannwhitneyu(a, b, alternative=alt, method="auto")
        out[alt] = [f(r.statistic), f(r.pvalue)]
    return out


def quantile_edges(ref, bins=10):
    edges = np.quantile(ref, np.arange(1, bins) / bins)
    return np.unique(edges)


def doane_edges(ref):
    n = len(ref)
    lo, hi = ref.min(), ref.max()
    if n <= 2 or hi == lo:
        return np.array([])
    sigma = ref.std()
    g1 = np.mean(((ref - ref.mean()) / sigma) ** 3) if sigma > 0 else 0.0
    sg1 = math.sqrt(6.0 * (n - 2) / ((n + 1.0) * (n + 3)))
    k = int(math.ceil(1 + math.log2(n) + math.log2(1 + abs(g1) / sg1)))
    return np.array([lo + (hi - lo) * i / k for i in range(1, k)])


def proportions(values, edges):
    idx = np.searchsorted(edges, values, side="left")
    counts = np.bincount(idx, minlength=len(edges) + 1).astype(float)
    return counts / counts.sum()


def distances(p, q, eps=1e-4):
    ps, qs = np.where(p == 0, eps, p), np.where(q == 0, eps, q)
    return {
        "jensen_shannon": f(distance.jensenshannon(p, q)),
        "psi": f(np.sum((ps - qs) * np.log(ps / qs))),
        "kl_div": f(np.sum(rel_entr(ps, qs))),
        "hellinger": f(math.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2))),
        "tvd": f(0.5 * np.sum(np.abs(p - q))),
    }


def numeric_case(name, sa, sb):
    a, b = gen(sa), gen(sb)
    case = {"name": name, "reference": sa, "current": sb, "ks": ks_all(a, b), "mann_whitney": mwu_all(a, b)}
    if len(a) >= 2 and len(b) >= 2:
        r = stats.cramervonmises_2samp(a, b)
        case["cramer_von_mises"] = [f(r.statistic), f(r.pvalue)]
        r = stats.ttest_ind(a, b, equal_var=False)
        case["t_test"] = [f(r.statistic), f(r.pvalue)]
        case["t_test_less"] = f(stats.ttest_ind(a, b, equal_var=False, alternative="less").pvalue)
        case["t_test_greater"] = f(stats.ttest_ind(a, b, equal_var=False, alternative="greater").pvalue)
    if len(a) + len(b) >= 5 and len(np.unique(np.concatenate([a, b]))) > 1:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = stats.anderson_ksamp([a, b])
        case["anderson"] = [f(r.statistic), f(r.significance_level)]
    case["wasserstein"] = f(stats.wasserstein_distance(a, b))
    case["energy"] = f(stats.energy_distance(a, b))
    case["reference_std"] = f(np.std(a))
    case["binned_quantile"] = distances(proportions(a, quantile_edges(a)), proportions(b, quantile_edges(a)))
    case["binned_doane"] = distances(proportions(a, doane_edges(a)), proportions(b, doane_edges(a)))
    case["quantile_edges"] = [f(e) for e in quantile_edges(a)]
    case["doane_edge_count"] = len(doane_edges(a))
    return case


CATEGORICAL_CASES = [
    ("same_three", {"a": 50, "b": 30, "c": 20}, {"a": 45, "b": 35, "c": 20}),
    ("shifted_four", {"a": 400, "b": 300, "c": 200, "d": 100}, {"a": 250, "b": 250, "c": 250, "d": 250}),
    ("unseen_category", {"a": 60, "b": 40}, {"a": 30, "b": 30, "c": 40}),
    ("vanished_category", {"a": 10, "b": 10, "c": 5}, {"a": 12, "b": 8}),
    ("binary_small", {"no": 8, "yes": 2}, {"no": 1, "yes": 9}),
    ("binary_large", {"false": 52000, "true": 48000}, {"false": 50500, "true": 49500}),
    ("binary_mid", {"0": 130, "1": 70}, {"0": 100, "1": 100}),
    ("binary_symmetric", {"x": 5, "y": 5}, {"x": 5, "y": 5}),
    ("binary_skew", {"x": 3, "y": 17}, {"x": 11, "y": 4}),
    ("binary_zero_cell", {"x": 0, "y": 12}, {"x": 6, "y": 6}),
    ("many_categories", {f"c{i:02d}": 10 + (i * 7) % 13 for i in range(30)}, {f"c{i:02d}": 10 + (i * 5) % 11 for i in range(30)}),
    ("single_category", {"only": 10}, {"only": 7}),
]


def categorical_case(name, ra, rb):
    cats = sorted(set(ra) | set(rb))
    a = np.array([ra.get(c, 0) for c in cats], dtype=float)
    b = np.array([rb.get(c, 0) for c in cats], dtype=float)
    table = np.array([a, b])
    keep = table.sum(axis=0) > 0
    table = table[:, keep]
    case = {"name": name, "reference": ra, "current": rb}
    chi = stats.chi2_contingency(table, correction=False)
    case["chi_square"] = [f(chi[0]), f(chi[1])]
    g = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")
    case["g_test"] = [f(g[0]), f(g[1])]
    if table.shape[1] == 2:
        r = stats.fisher_exact(table.astype(int))
        case["fisher_exact"] = [f(r[0]), f(r[1])]
        # Two-proportion z-test on the last category (ordinal order), pooled variance.
        n1, n2 = a.sum(), b.sum()
        p1, p2 = a[-1] / n1, b[-1] / n2
        p = (a[-1] + b[-1]) / (n1 + n2)
        z = (p1 - p2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
        case["z_test"] = [f(z), f(2 * stats.norm.sf(abs(z)))]
    case["frequencies"] = distances(a / a.sum(), b / b.sum())
    return case


def kstwo_points():
    pts = []
    for n in (5, 20, 100, 140, 141, 500, 1000, 5000, 20000, 100000, 150000, 500000):
        for d in (0.5 / n + 1e-9, 0.8 / n, 1.2 / n, 0.3 / math.sqrt(n), 0.6 / math.sqrt(n), 0.9 / math.sqrt(n),
                  1.2 / math.sqrt(n), 1.6 / math.sqrt(n), 2.5 / math.sqrt(n), 4.0 / math.sqrt(n), 0.55, 1 - 1.5 / n):
            if 0 < d < 1:
                pts.append([n, f(d), f(stats.kstwo.sf(d, n))])
    return pts


def special_points():
    out = {"norm_sf": [], "chi2_sf": [], "t_sf": [], "cvm_inf_cdf": []}
    for z in (-3.0, -0.5, 0.0, 0.1, 1.0, 1.96, 3.5, 6.0, 10.0, 20.0, 37.0):
        out["norm_sf"].append([f(z), f(stats.norm.sf(z))])
    for k in (1, 2, 3, 7, 29, 200, 1001):
        for x in (0.01, 0.5, 1.0, 3.0, k * 1.0, k * 2.0 + 10, k * 4.0 + 40):
            out["chi2_sf"].append([k, f(x), f(stats.chi2.sf(x, k))])
    for df in (1.0, 2.5, 7.3, 30.0, 151.7, 2000.5, 125000.0, 1999998.0):
        for t in (-2.0, 0.0, 0.3, 1.0, 2.0, 4.0, 8.0, 15.0):
            out["t_sf"].append([f(df), f(t), f(stats.t.sf(t, df))])
    from scipy.stats._hypotests import _cdf_cvm_inf
    for x in (0.003, 0.01, 0.05, 0.1, 0.2, 0.3461, 0.5, 0.75, 1.0, 1.5, 2.5, 4.0):
        out["cvm_inf_cdf"].append([f(x), f(_cdf_cvm_inf(x))])
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = {
        "generator": "make_fixtures.py",
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "numeric": [numeric_case(*c) for c in NUMERIC_CASES],
        "categorical": [categorical_case(*c) for c in CATEGORICAL_CASES],
        "kstwo": kstwo_points(),
        "special": special_points(),
    }
    text = json.dumps(data, indent=1)
    with open(os.path.join(here, "ScipyFixtureData.cs"), "w") as fh:
        fh.write("// <auto-generated>Produced by make_fixtures.py with scipy " + scipy.__version__ + "; do not edit.</auto-generated>\n")
        fh.write("namespace MLOps.Drift.Tests.Fixtures;\n\n")
        fh.write("internal static class ScipyFixtureData\n{\n    public const string Json = \"\"\"\n")
        fh.write(text)
        fh.write("\n\"\"\";\n}\n")


if __name__ == "__main__":
    main()
