// One linked histogram as a session keeps it: the property it shows and its brush in stable terms (a value
// range, or category names rather than indices), so that a session restores the histograms and their
// brushes even when the categories present differ.
#pragma once

#include <QString>
#include <QStringList>

namespace zooscope {

struct HistogramState {
    QString property;       // a PointProperty id
    bool ranged = false;    // a continuous brush: low <= value <= high
    double low = 0, high = 0;
    QStringList categories; // a categorical brush (empty: none)

    bool operator==(const HistogramState& o) const
    {
        return property == o.property && ranged == o.ranged && low == o.low && high == o.high && categories == o.categories;
    }
};

} // namespace zooscope
