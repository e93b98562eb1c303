#pragma once

#include "cluster/Communicator.h"

namespace zooscope::cli {

// The ranks of an MPI launch (mpirun, or srun with PMI/PMIx), for zooscope-cli alone: the GUI and
// core/ never call MPI_Init. main() makes one only when the environment says that an MPI launcher
// started the process; a plain start never touches MPI. One per process; MPI_Finalize on destruction.
class MpiCommunicator final : public Communicator {
public:
    // Whether mpirun or srun started this process (OMPI_COMM_WORLD_SIZE, PMIX_RANK, PMI_RANK/PMI_SIZE).
    static bool launchedByMpi();
    // The MPI ranks while an MpiCommunicator lives, else this process alone.
    static Communicator& current();

    MpiCommunicator(int* argc, char*** argv); // MPI_Init
    ~MpiCommunicator() override;              // MPI_Finalize
    MpiCommunicator(const MpiCommunicator&) = delete;
    MpiCommunicator& operator=(const MpiCommunicator&) = delete;

    // Ends every rank of the job (a rank that failed alone would leave the others waiting in a collective).
    [[noreturn]] void abort(int exitCode);

    int rank() const override { return m_rank; }
    int size() const override { return m_size; }
    void barrier() override;
    void allreduceSum(float* values, size_t count) override;
    void allreduceSum(double* values, size_t count) override;
    std::vector<std::vector<float>> allgather(const std::vector<float>& values) override;
    std::vector<std::vector<uint8_t>> allgatherBytes(const std::vector<uint8_t>& bytes) override;
    std::vector<std::vector<uint8_t>> gatherBytes(const std::vector<uint8_t>& bytes) override;

private:
    int m_rank = 0, m_size = 1;
};

} // namespace zooscope::cli
