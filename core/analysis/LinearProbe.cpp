#include "analysis/LinearProbe.h"
#include "cluster/RankShare.h"
#include "cluster/SingleProcessCommunicator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace zooscope {

namespace {

// Four partial sums: independent chains that the compiler can keep in flight (no -ffast-math here).
double dot(const double* a, const double* b, int64_t n)
{
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    int64_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; ++i)
        s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

// In-place Cholesky of a symmetric positive definite [n, n] matrix (lower triangle, row-major).
// False when a pivot is not positive.
// Kept instead of torch::linalg_cholesky, which is 14x faster on a 2000-sample dual system (0.23 s vs
// 3.1 s) but differs in the last bits (half the entries, up to 1e-13): the probes' R^2 would change.
bool cholesky(std::vector<double>& a, int64_t n)
{
    for (int64_t j = 0; j < n; ++j) {
        double* rj = a.data() + j * n;
        const double d = rj[j] - dot(rj, rj, j);
        if (!(d > 0))
            return false;
        rj[j] = std::sqrt(d);
        for (int64_t i = j + 1; i < n; ++i) {
            double* ri = a.data() + i * n;
            ri[j] = (ri[j] - dot(ri, rj, j)) / rj[j];
        }
    }
    return true;
}

// Solves L L^T x = b for `outputs` right-hand sides stored column-wise in b [n, outputs].
void choleskySolve(const std::vector<double>& l, int64_t n, std::vector<double>& b, int64_t outputs)
{
    std::vector<double> column(static_cast<size_t>(n));
    for (int64_t o = 0; o < outputs; ++o) {
        for (int64_t i = 0; i < n; ++i)
            column[static_cast<size_t>(i)] = b[static_cast<size_t>(i * outputs + o)];
        for (int64_t i = 0; i < n; ++i)
            column[static_cast<size_t>(i)] = (column[static_cast<size_t>(i)] - dot(l.data() + i * n, column.data(), i)) / l[static_cast<size_t>(i * n + i)];
        for (int64_t i = n - 1; i >= 0; --i) {
            double s = column[static_cast<size_t>(i)];
            for (int64_t k = i + 1; k < n; ++k)
                s -= l[static_cast<size_t>(k * n + i)] * column[static_cast<size_t>(k)];
            column[static_cast<size_t>(i)] = s / l[static_cast<size_t>(i * n + i)];
        }
        for (int64_t i = 0; i < n; ++i)
            b[static_cast<size_t>(i * outputs + o)] = column[static_cast<size_t>(i)];
    }
}

// Ridge fits of one training population for any lambda: standardisation and the Gram matrix are
// computed once, each lambda costs one Cholesky of the smaller of features x features (primal) and
// samples x samples (dual).
class RidgeFamily {
public:
    RidgeFamily(const FeatureMatrix& train, const std::vector<double>& targets, int64_t outputs, Communicator& ranks)
        : m_n(train.rows), m_outputs(outputs)
    {
        if (train.rows < 1 || static_cast<int64_t>(targets.size()) != train.rows * outputs)
            throw std::invalid_argument("ridge: need one target row per training sample");
        for (int64_t c = 0; c < train.columns; ++c) {
            double mean = 0;
            for (int64_t r = 0; r < m_n; ++r)
                mean += train.row(r)[c];
            mean /= static_cast<double>(m_n);
            double var = 0;
            for (int64_t r = 0; r < m_n; ++r)
                var += (train.row(r)[c] - mean) * (train.row(r)[c] - mean);
            const double sd = std::sqrt(var / static_cast<double>(m_n));
            if (sd > 1e-12 * std::max(1.0, std::abs(mean))) {
                m_columns.push_back(c);
                m_mean.push_back(mean);
                m_scale.push_back(1.0 / sd);
            }
        }
        m_f = static_cast<int64_t>(m_columns.size());
        m_x = standardise(train);
        m_yMean.assign(static_cast<size_t>(outputs), 0.0);
        for (int64_t r = 0; r < m_n; ++r)
            for (int64_t o = 0; o < outputs; ++o)
                m_yMean[static_cast<size_t>(o)] += targets[static_cast<size_t>(r * outputs + o)] / static_cast<double>(m_n);
        m_yCentred.resize(targets.size());
        for (int64_t r = 0; r < m_n; ++r)
            for (int64_t o = 0; o < outputs; ++o)
                m_yCentred[static_cast<size_t>(r * outputs + o)] = targets[static_cast<size_t>(r * outputs + o)] - m_yMean[static_cast<size_t>(o)];
        m_dual = m_f > m_n;
        m_m = m_dual ? m_n : m_f;
        // Rows of the Gram matrix's lower triangle: in the dual form dot products of samples, in the primal
        // form of features. Each entry is one dot product, so ranks that compute blocks of rows of equal
        // area give one process's matrix.
        const std::vector<double> xt = m_dual ? std::vector<double>() : transposed();
        const double* rows = m_dual ? m_x.data() : xt.data();
        const int64_t length = m_dual ? m_f : m_n;
        const auto rowAt = [&](int r) {
            return std::min(m_m, static_cast<int64_t>(std::llround(static_cast<double>(m_m) * std::sqrt(static_cast<double>(r) / ranks.size()))));
        };
        const int64_t first = rowAt(ranks.rank()), last = rowAt(ranks.rank() + 1);
        std::vector<double> triangle;
        triangle.reserve(static_cast<size_t>((last * (last + 1) - first * (first + 1)) / 2));
        for (int64_t i = first; i < last; ++i)
            for (int64_t j = 0; j <= i; ++j)
                triangle.push_back(dot(rows + i * length, rows + j * length, length));
        triangle = RankShare::allgather(ranks, triangle);
        m_gram.assign(static_cast<size_t>(m_m * m_m), 0.0);
        size_t at = 0;
        for (int64_t i = 0; i < m_m; ++i)
            for (int64_t j = 0; j <= i; ++j)
                m_gram[static_cast<size_t>(i * m_m + j)] = m_gram[static_cast<size_t>(j * m_m + i)] = triangle[at++];
    }

    // Coefficients [features, outputs] for one lambda; empty when the system cannot be solved.
    std::vector<double> coefficients(double lambda) const
    {
        if (m_f == 0)
            return {};
        std::vector<double> a = m_gram;
        for (int64_t i = 0; i < m_m; ++i)
            a[static_cast<size_t>(i * m_m + i)] += lambda;
        if (!cholesky(a, m_m))
            return {};
        std::vector<double> rhs;
        if (m_dual) {
            rhs = m_yCentred;
        } else {
            rhs.assign(static_cast<size_t>(m_f * m_outputs), 0.0);
            for (int64_t r = 0; r < m_n; ++r)
                for (int64_t c = 0; c < m_f; ++c)
                    for (int64_t o = 0; o < m_outputs; ++o)
                        rhs[static_cast<size_t>(c * m_outputs + o)] +=
                            m_x[static_cast<size_t>(r * m_f + c)] * m_yCentred[static_cast<size_t>(r * m_outputs + o)];
        }
        choleskySolve(a, m_m, rhs, m_outputs);
        if (!m_dual)
            return rhs;
        std::vector<double> w(static_cast<size_t>(m_f * m_outputs), 0.0); // X^T alpha
        for (int64_t r = 0; r < m_n; ++r)
            for (int64_t c = 0; c < m_f; ++c)
                for (int64_t o = 0; o < m_outputs; ++o)
                    w[static_cast<size_t>(c * m_outputs + o)] +=
                        m_x[static_cast<size_t>(r * m_f + c)] * rhs[static_cast<size_t>(r * m_outputs + o)];
        return w;
    }

    // Predictions [rows, outputs]; NaN everywhere when `w` is empty but features exist.
    std::vector<double> predict(const std::vector<double>& w, const FeatureMatrix& data) const
    {
        std::vector<double> out(static_cast<size_t>(data.rows * m_outputs));
        if (w.empty() && m_f > 0) {
            std::fill(out.begin(), out.end(), std::nan(""));
            return out;
        }
        const std::vector<double> x = standardise(data);
        for (int64_t r = 0; r < data.rows; ++r)
            for (int64_t o = 0; o < m_outputs; ++o) {
                double s = m_yMean[static_cast<size_t>(o)];
                for (int64_t c = 0; c < m_f; ++c)
                    s += x[static_cast<size_t>(r * m_f + c)] * w[static_cast<size_t>(c * m_outputs + o)];
                out[static_cast<size_t>(r * m_outputs + o)] = s;
            }
        return out;
    }

private:
    std::vector<double> standardise(const FeatureMatrix& data) const
    {
        std::vector<double> x(static_cast<size_t>(data.rows * m_f));
        for (int64_t r = 0; r < data.rows; ++r)
            for (int64_t k = 0; k < m_f; ++k)
                x[static_cast<size_t>(r * m_f + k)] = (data.row(r)[m_columns[static_cast<size_t>(k)]] - m_mean[static_cast<size_t>(k)]) *
                                                      m_scale[static_cast<size_t>(k)];
        return x;
    }
    std::vector<double> transposed() const
    {
        std::vector<double> t(m_x.size());
        for (int64_t r = 0; r < m_n; ++r)
            for (int64_t c = 0; c < m_f; ++c)
                t[static_cast<size_t>(c * m_n + r)] = m_x[static_cast<size_t>(r * m_f + c)];
        return t;
    }

    int64_t m_n = 0, m_f = 0, m_m = 0, m_outputs = 1;
    bool m_dual = false;
    std::vector<int64_t> m_columns;
    std::vector<double> m_mean, m_scale, m_x, m_yMean, m_yCentred, m_gram;
};

double accuracy(const std::vector<double>& scores, int64_t classes, const std::vector<int64_t>& labels)
{
    if (labels.empty())
        return std::nan("");
    int64_t correct = 0;
    for (size_t r = 0; r < labels.size(); ++r) {
        const double* s = scores.data() + static_cast<int64_t>(r) * classes;
        if (std::isnan(s[0]))
            return std::nan("");
        correct += (std::max_element(s, s + classes) - s) == labels[r];
    }
    return static_cast<double>(correct) / static_cast<double>(labels.size());
}

void checkRows(const FeatureMatrix& m, size_t targets, const char* what)
{
    if (static_cast<size_t>(m.rows) != targets)
        throw std::invalid_argument(std::string("linear probe: ") + what + " has " + std::to_string(m.rows) + " rows but " +
                                    std::to_string(targets) + " targets");
}

void appendStatistics(std::vector<float>& out, std::vector<float> values)
{
    std::sort(values.begin(), values.end());
    double mean = 0, var = 0;
    for (float x : values)
        mean += x;
    mean /= std::max<size_t>(1, values.size());
    for (float x : values)
        var += (x - mean) * (x - mean);
    var /= std::max<size_t>(1, values.size());
    out.push_back(static_cast<float>(mean));
    out.push_back(static_cast<float>(var));
    for (double q : {1.0, 25.0, 50.0, 75.0, 99.0})
        out.push_back(static_cast<float>(sortedPercentile(values, q)));
}

} // namespace

void FeatureMatrix::appendRow(const float* data)
{
    values.insert(values.end(), data, data + columns);
    ++rows;
}

const std::vector<double>& LinearProbe::lambdaGrid()
{
    static const std::vector<double> grid{1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1e0, 1e1, 1e2, 1e3};
    return grid;
}

double LinearProbe::r2(const std::vector<double>& truth, const std::vector<double>& predicted)
{
    if (truth.empty() || truth.size() != predicted.size())
        return std::nan("");
    double mean = 0;
    for (double y : truth)
        mean += y;
    mean /= static_cast<double>(truth.size());
    double res = 0, tot = 0;
    for (size_t i = 0; i < truth.size(); ++i) {
        res += (truth[i] - predicted[i]) * (truth[i] - predicted[i]);
        tot += (truth[i] - mean) * (truth[i] - mean);
    }
    if (tot <= 0)
        return std::nan("");
    return 1.0 - res / tot;
}

std::vector<double> LinearProbe::ridgePredict(const FeatureMatrix& train, const std::vector<double>& targets, int64_t outputs,
                                              double lambda, const FeatureMatrix& apply)
{
    const RidgeFamily family(train, targets, outputs, SingleProcessCommunicator::instance());
    return family.predict(family.coefficients(lambda), apply);
}

std::vector<ProbeFit> LinearProbe::fit(const FeatureMatrix& train, const FeatureMatrix& validation, const FeatureMatrix& test,
                                       const std::vector<ProbeTask>& tasks, Communicator* communicator)
{
    Communicator& ranks = communicator ? *communicator : SingleProcessCommunicator::instance();
    // Output columns: one per regression task, one per class of a categorical task.
    std::vector<int64_t> firstColumn, width;
    int64_t outputs = 0;
    for (const ProbeTask& t : tasks) {
        checkRows(train, t.train.size(), ("the training population of " + t.name).c_str());
        checkRows(validation, t.validation.size(), ("the validation population of " + t.name).c_str());
        checkRows(test, t.test.size(), ("the test population of " + t.name).c_str());
        int64_t w = 1;
        if (t.categorical) {
            int64_t classes = 2;
            for (const auto* v : {&t.train, &t.validation, &t.test})
                for (double y : *v) {
                    if (!(y >= 0) || y != std::floor(y))
                        throw std::invalid_argument("linear probe: " + t.name + ": class labels must be 0, 1, 2, ...");
                    classes = std::max(classes, static_cast<int64_t>(y) + 1);
                }
            w = classes;
        }
        firstColumn.push_back(outputs);
        width.push_back(w);
        outputs += w;
    }
    std::vector<ProbeFit> fits(tasks.size());
    if (tasks.empty())
        return fits;
    std::vector<double> targets(static_cast<size_t>(train.rows * outputs));
    for (size_t k = 0; k < tasks.size(); ++k)
        for (int64_t r = 0; r < train.rows; ++r) {
            const double y = tasks[k].train[static_cast<size_t>(r)];
            if (tasks[k].categorical) {
                for (int64_t c = 0; c < width[k]; ++c)
                    targets[static_cast<size_t>(r * outputs + firstColumn[k] + c)] = static_cast<int64_t>(y) == c ? 1.0 : -1.0;
            } else {
                targets[static_cast<size_t>(r * outputs + firstColumn[k])] = y;
            }
        }
    const RidgeFamily family(train, targets, outputs, ranks);
    // Column block of one task out of [rows, outputs] predictions.
    const auto block = [&](const std::vector<double>& all, int64_t rows, size_t k) {
        std::vector<double> out(static_cast<size_t>(rows * width[k]));
        for (int64_t r = 0; r < rows; ++r)
            for (int64_t c = 0; c < width[k]; ++c)
                out[static_cast<size_t>(r * width[k] + c)] = all[static_cast<size_t>(r * outputs + firstColumn[k] + c)];
        return out;
    };
    const auto score = [&](const std::vector<double>& all, int64_t rows, size_t k, const std::vector<double>& truth) {
        const std::vector<double> b = block(all, rows, k);
        if (!tasks[k].categorical)
            return r2(truth, b);
        std::vector<int64_t> labels(truth.size());
        for (size_t i = 0; i < truth.size(); ++i)
            labels[i] = static_cast<int64_t>(truth[i]);
        return accuracy(b, width[k], labels);
    };
    const auto predictions = [&](const std::vector<double>& all, int64_t rows, size_t k) {
        std::vector<double> b = block(all, rows, k);
        if (!tasks[k].categorical)
            return b;
        std::vector<double> classes(static_cast<size_t>(rows));
        for (int64_t r = 0; r < rows; ++r) {
            const double* s = b.data() + r * width[k];
            classes[static_cast<size_t>(r)] = std::isnan(s[0]) ? std::nan("") : static_cast<double>(std::max_element(s, s + width[k]) - s);
        }
        return classes;
    };
    // Every lambda is a fit of its own (one Cholesky factorisation): the ranks fit blocks of lambdas and
    // score them on the validation population; then each task's lambda is chosen from all scores, in grid
    // order, and the rank that fitted it scores its train and test predictions.
    const std::vector<double>& grid = lambdaGrid();
    const RankShare share(ranks, static_cast<int64_t>(grid.size()));
    std::vector<std::vector<double>> coefficients;
    std::vector<double> validationScores; // [lambda][task]
    for (int64_t g = share.begin(); g < share.end(); ++g) {
        coefficients.push_back(family.coefficients(grid[static_cast<size_t>(g)]));
        const std::vector<double> pv = family.predict(coefficients.back(), validation);
        for (size_t k = 0; k < tasks.size(); ++k)
            validationScores.push_back(score(pv, validation.rows, k, tasks[k].validation));
    }
    validationScores = RankShare::allgather(ranks, validationScores);
    std::vector<int64_t> best(tasks.size(), -1); // grid index per task
    for (size_t g = 0; g < grid.size(); ++g)
        for (size_t k = 0; k < tasks.size(); ++k) {
            const double v = validationScores[g * tasks.size() + k];
            // Ties keep the smaller lambda; a NaN validation score (no validation population) keeps the largest.
            if (best[k] < 0 || std::isnan(fits[k].validationScore) || v > fits[k].validationScore) {
                best[k] = static_cast<int64_t>(g);
                fits[k].lambda = grid[g];
                fits[k].validationScore = v;
            }
        }
    // [task index, test score, train score, test predictions] for the tasks whose lambda this rank fitted.
    std::vector<double> scored;
    for (int64_t g = share.begin(); g < share.end(); ++g) {
        std::vector<double> pt, ptr;
        for (size_t k = 0; k < tasks.size(); ++k) {
            if (best[k] != g)
                continue;
            if (pt.empty()) {
                pt = family.predict(coefficients[static_cast<size_t>(g - share.begin())], test);
                ptr = family.predict(coefficients[static_cast<size_t>(g - share.begin())], train);
            }
            scored.push_back(static_cast<double>(k));
            scored.push_back(score(pt, test.rows, k, tasks[k].test));
            scored.push_back(score(ptr, train.rows, k, tasks[k].train));
            const std::vector<double> p = predictions(pt, test.rows, k);
            scored.insert(scored.end(), p.begin(), p.end());
        }
    }
    scored = RankShare::allgather(ranks, scored);
    for (size_t at = 0; at < scored.size();) {
        ProbeFit& f = fits[static_cast<size_t>(scored[at])];
        f.testScore = scored[at + 1];
        f.trainScore = scored[at + 2];
        f.testPredictions.assign(scored.begin() + static_cast<long>(at + 3), scored.begin() + static_cast<long>(at + 3 + static_cast<size_t>(test.rows)));
        at += 3 + static_cast<size_t>(test.rows);
    }
    return fits;
}

ProbeFit LinearProbe::regression(const FeatureMatrix& train, const std::vector<double>& yTrain, const FeatureMatrix& validation,
                                 const std::vector<double>& yValidation, const FeatureMatrix& test, const std::vector<double>& yTest)
{
    return fit(train, validation, test, {ProbeTask{"regression", false, yTrain, yValidation, yTest}}).front();
}

ProbeFit LinearProbe::classification(const FeatureMatrix& train, const std::vector<int64_t>& yTrain,
                                     const FeatureMatrix& validation, const std::vector<int64_t>& yValidation,
                                     const FeatureMatrix& test, const std::vector<int64_t>& yTest)
{
    const auto toDouble = [](const std::vector<int64_t>& v) { return std::vector<double>(v.begin(), v.end()); };
    return fit(train, validation, test,
               {ProbeTask{"classification", true, toDouble(yTrain), toDouble(yValidation), toDouble(yTest)}})
        .front();
}

double sortedPercentile(const std::vector<float>& v, double q)
{
    if (v.empty())
        return 0.0;
    const double pos = q / 100.0 * static_cast<double>(v.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos)), hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

const std::vector<std::string>& layerStatisticNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const char* part : {"weight", "bias"})
            for (const char* statistic : {"mean", "variance", "p1", "p25", "p50", "p75", "p99"})
                out.push_back(std::string(part) + " " + statistic);
        return out;
    }();
    return names;
}

std::vector<float> layerWeightStatistics(const Architecture& architecture, const float* flat)
{
    std::vector<float> out;
    out.reserve(architecture.layers.size() * 14);
    for (const LayerLayout& l : architecture.layers) {
        appendStatistics(out, std::vector<float>(flat + l.offset, flat + l.biasOffset()));
        appendStatistics(out, std::vector<float>(flat + l.biasOffset(), flat + l.offset + l.length));
    }
    return out;
}

} // namespace zooscope
