// Where checkpoints sit among a reference population in latent space: their k nearest references, the
// references' mean accuracy, and an outlier score against the references' own distances to their k-th
// neighbour. The score's scale is measured once, so that each further checkpoint costs one k-nearest
// search: ModelDiagnostics places a selection with it, the explorer's model card the hovered point.
#pragma once

#include "analysis/LatentNeighbours.h"

#include <cmath>
#include <vector>

namespace zooscope {

class LatentNeighbourhood {
public:
    struct Placement {
        bool available = false;         // false with fewer than two references
        std::vector<int> nearest;       // rows of the space (all references), nearest first
        std::vector<double> distances;  // Euclidean, parallel to nearest
        double meanNeighbourAccuracy = std::nan(""); // of the nearest that have an accuracy
        // The distance to the k-th neighbour, and where it stands among the references' own k-th-neighbour
        // distances (the placed row itself left out): the percentage of references closer to theirs
        // (0..100; 100 = farther out than all) and the z-score.
        double kthDistance = std::nan("");
        double outlierPercentile = std::nan("");
        double outlierZ = std::nan("");
    };

    // space: latents whose first `references` rows are the reference population (the others are rows to
    // place); referenceAccuracy: one per reference (NaN: unknown). The scale is measured on at most
    // maxScaleRows references, evenly spaced (quadratic cost). Throws std::invalid_argument when the
    // sizes do not fit.
    LatentNeighbourhood(LatentNeighbours space, int references, std::vector<double> referenceAccuracy, int k,
                        int maxScaleRows = 2000);

    const LatentNeighbours& space() const { return m_space; }
    int references() const { return m_references; }
    // Any row of the space (a reference is placed among the others).
    Placement place(int row) const;

private:
    double kthDistance(int row, std::vector<int>* nearest) const;

    LatentNeighbours m_space;
    int m_references = 0;
    std::vector<double> m_accuracy;
    int m_k = 0;
    std::vector<int> m_scaleRows;   // the references the scale was measured on
    std::vector<double> m_scaleKth; // their k-th-neighbour distances
};

} // namespace zooscope
