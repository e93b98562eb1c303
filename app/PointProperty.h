#pragma once

#include <QString>
#include <QStringList>

#include <vector>

namespace zooscope {

struct OpenedZoo;

// A property of the 3D view's points (one model checkpoint each) that colours or sizes them: an
// accuracy, the epoch, the seed or a hyperparameter. Categorical properties hold category indices
// 0..categories-1; continuous ones their values (NaN where not measured).
struct PointProperty {
    QString id;          // stable, for options and session files: "test_accuracy", "activation", ...
    QString title;       // for the colour bar, legend and menus (translated)
    bool categorical = false;
    bool logScale = false; // values are log10 of the quantity (learning rate, weight decay)
    std::vector<double> values;
    QStringList categories;

    // The model's final test accuracy as the last model selection predicts it (ModelSelectionReport);
    // the session computes it, PointProperty::compute cannot.
    static constexpr const char* kPredictedFinalAccuracy = "predicted_final_accuracy";

    // Every id, in menu order: those every zoo offers, then the derived ones.
    static QStringList ids();
    // The translated title of an id; the id itself when unknown.
    static QString titleOf(const QString& id);
    static bool isCategorical(const QString& id);
    // Computed from an analysis of the session (kPredictedFinalAccuracy), not from the zoo alone.
    static bool isDerived(const QString& id);
    // Throws std::invalid_argument for an unknown or a derived id.
    static PointProperty compute(const OpenedZoo& zoo, const QString& id);
};

} // namespace zooscope
