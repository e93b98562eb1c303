// The model card's line on where the hovered checkpoint sits in latent space: the mean test accuracy of
// its k nearest training-population checkpoints at the same epoch against its own, and its outlier
// percentile, as Diagnose Selected reports them (LatentNeighbourhood over ModelDiagnostics' reference
// population), from the latents on show. One neighbourhood per epoch, built on its first hover and kept
// while the latents stay, so that hovering costs one k-nearest search.
#pragma once

#include <QCoreApplication>
#include <QString>

#include <cstdint>
#include <map>
#include <memory>
#include <unordered_map>
#include <vector>

namespace zooscope {

class LatentNeighbourhood;
struct OpenedZoo;

class LatentNeighbourhoodCard {
    Q_DECLARE_TR_FUNCTIONS(zooscope::LatentNeighbourhoodCard)
public:
    // latents: [zoo points, dim], the points' latents in OpenedZoo's order.
    LatentNeighbourhoodCard(std::shared_ptr<const OpenedZoo> zoo, std::shared_ptr<const std::vector<float>> latents, int64_t dim);
    ~LatentNeighbourhoodCard();

    // Rich text for the card; empty when the point has no usable latent or its epoch has fewer than two
    // reference checkpoints.
    QString line(int point);

private:
    struct AtEpoch {
        std::unique_ptr<LatentNeighbourhood> hood;
        std::unordered_map<int, int> rowOfPoint; // zoo point -> row of the neighbourhood's space
    };
    AtEpoch& atCheckpoint(int64_t checkpoint);

    std::shared_ptr<const OpenedZoo> m_zoo;
    std::shared_ptr<const std::vector<float>> m_latents;
    int64_t m_dim = 0;
    std::map<int64_t, AtEpoch> m_epochs; // by checkpoint index
};

} // namespace zooscope
