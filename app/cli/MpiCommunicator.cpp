#include "app/cli/MpiCommunicator.h"

#include "cluster/SingleProcessCommunicator.h"

#include <mpi.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <stdexcept>
#include <string>

namespace zooscope::cli {

namespace {

MpiCommunicator* g_current = nullptr;

void check(int code, const char* what)
{
    if (code == MPI_SUCCESS)
        return;
    char text[MPI_MAX_ERROR_STRING];
    int length = 0;
    MPI_Error_string(code, text, &length);
    throw std::runtime_error(std::string(what) + " failed: " + std::string(text, static_cast<size_t>(length)));
}

// MPI counts are ints: large buffers go in pieces.
template <typename T>
void allreduceInPieces(T* values, size_t count, MPI_Datatype type)
{
    const size_t piece = static_cast<size_t>(INT_MAX) / 2;
    for (size_t done = 0; done < count; done += piece) {
        const int n = static_cast<int>(std::min(piece, count - done));
        check(MPI_Allreduce(MPI_IN_PLACE, values + done, n, type, MPI_SUM, MPI_COMM_WORLD), "MPI_Allreduce");
    }
}

// Every rank's values (counts may differ) in rank order: on every rank (toAll) or on rank 0 alone.
template <typename T>
std::vector<std::vector<T>> gatherParts(const std::vector<T>& values, MPI_Datatype type, int ranks, bool toAll)
{
    if (values.size() > static_cast<size_t>(INT_MAX))
        throw std::runtime_error("MPI gather: more than 2^31 values from one rank");
    const int mine = static_cast<int>(values.size());
    std::vector<int> counts(static_cast<size_t>(ranks)), offsets(static_cast<size_t>(ranks));
    // Every rank learns the counts (cheap), so that a gather that is too large fails on all ranks alike.
    check(MPI_Allgather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, MPI_COMM_WORLD), "MPI_Allgather");
    long long total = 0;
    for (int r = 0; r < ranks; ++r) {
        offsets[static_cast<size_t>(r)] = static_cast<int>(std::min<long long>(total, INT_MAX));
        total += counts[static_cast<size_t>(r)];
    }
    if (total > INT_MAX)
        throw std::runtime_error("MPI gather: more than 2^31 values in all (" + std::to_string(total) + ")");
    int rank = 0;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    const bool receives = toAll || rank == 0;
    std::vector<T> all(receives ? static_cast<size_t>(total) : 0);
    if (toAll)
        check(MPI_Allgatherv(values.data(), mine, type, all.data(), counts.data(), offsets.data(), type, MPI_COMM_WORLD),
              "MPI_Allgatherv");
    else
        check(MPI_Gatherv(values.data(), mine, type, all.data(), counts.data(), offsets.data(), type, 0, MPI_COMM_WORLD),
              "MPI_Gatherv");
    std::vector<std::vector<T>> out;
    if (!receives)
        return out;
    out.resize(static_cast<size_t>(ranks));
    for (int r = 0; r < ranks; ++r)
        out[static_cast<size_t>(r)].assign(all.begin() + offsets[static_cast<size_t>(r)],
                                           all.begin() + offsets[static_cast<size_t>(r)] + counts[static_cast<size_t>(r)]);
    return out;
}

} // namespace

bool MpiCommunicator::launchedByMpi()
{
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE"})
        if (std::getenv(name))
            return true;
    return false;
}

Communicator& MpiCommunicator::current()
{
    if (g_current)
        return *g_current;
    return SingleProcessCommunicator::instance();
}

MpiCommunicator::MpiCommunicator(int* argc, char*** argv)
{
    if (g_current)
        throw std::logic_error("MpiCommunicator: MPI is already initialised");
    check(MPI_Init(argc, argv), "MPI_Init");
    MPI_Comm_rank(MPI_COMM_WORLD, &m_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &m_size);
    g_current = this;
}

MpiCommunicator::~MpiCommunicator()
{
    g_current = nullptr;
    MPI_Finalize();
}

void MpiCommunicator::abort(int exitCode)
{
    MPI_Abort(MPI_COMM_WORLD, exitCode);
    std::_Exit(exitCode);
}

void MpiCommunicator::barrier() { check(MPI_Barrier(MPI_COMM_WORLD), "MPI_Barrier"); }

void MpiCommunicator::allreduceSum(float* values, size_t count) { allreduceInPieces(values, count, MPI_FLOAT); }

void MpiCommunicator::allreduceSum(double* values, size_t count) { allreduceInPieces(values, count, MPI_DOUBLE); }

std::vector<std::vector<float>> MpiCommunicator::allgather(const std::vector<float>& values)
{
    return gatherParts(values, MPI_FLOAT, m_size, true);
}

std::vector<std::vector<uint8_t>> MpiCommunicator::allgatherBytes(const std::vector<uint8_t>& bytes)
{
    return gatherParts(bytes, MPI_BYTE, m_size, true);
}

std::vector<std::vector<uint8_t>> MpiCommunicator::gatherBytes(const std::vector<uint8_t>& bytes)
{
    return gatherParts(bytes, MPI_BYTE, m_size, false);
}

} // namespace zooscope::cli
