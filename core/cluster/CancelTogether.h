#pragma once

#include "cluster/RankShare.h"
#include "core/Progress.h"

namespace zooscope {

// Runs this rank's part of a stage that ends in a collective. A part that is cancelled (Ctrl-C or SIGTERM:
// OperationCancelled) must not end its rank alone, which would leave the others waiting in the next
// collective: every rank finishes or abandons its part, they agree, and when any rank was cancelled all
// throw OperationCancelled together. With one process it is the work itself.
template <typename Work>
void cancelTogether(Communicator& ranks, Work&& work)
{
    bool cancelled = false;
    try {
        work();
    } catch (const OperationCancelled&) {
        cancelled = true;
    }
    if (RankShare::any(ranks, cancelled))
        throw OperationCancelled();
}

} // namespace zooscope
