#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zooscope {

// The processes of one run that share its work: MPI ranks under mpirun or srun, or this process alone.
// The engine's trainers split their work through it without knowing MPI, so that core/ and the GUI
// neither link nor start MPI (the MPI implementation lives with zooscope-cli). Every call is
// collective: all ranks make it, in the same order.
class Communicator {
public:
    virtual ~Communicator() = default;

    virtual int rank() const = 0; // 0 .. size() - 1; rank 0 writes the results and reports progress
    virtual int size() const = 0;
    bool isRoot() const { return rank() == 0; }

    virtual void barrier() = 0;
    // The element-wise sum over all ranks, in place; every rank receives the same values.
    virtual void allreduceSum(float* values, size_t count) = 0;
    virtual void allreduceSum(double* values, size_t count) = 0;
    // Every rank's values (the counts may differ), in rank order, on every rank.
    virtual std::vector<std::vector<float>> allgather(const std::vector<float>& values) = 0;
    // The same for raw bytes (typed: RankShare).
    virtual std::vector<std::vector<uint8_t>> allgatherBytes(const std::vector<uint8_t>& bytes) = 0;
    // Every rank's bytes in rank order on rank 0 alone (the other ranks get an empty list): results that
    // only rank 0 writes need not be held by every rank.
    virtual std::vector<std::vector<uint8_t>> gatherBytes(const std::vector<uint8_t>& bytes) = 0;
};

} // namespace zooscope
