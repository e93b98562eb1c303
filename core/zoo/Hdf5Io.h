// The one HDF5 helper of ZooScope's files (the zoo file and the embeddings stored in it): attributes,
// columns and datasets written and read with errors that name the file, the object and HDF5's reason.
#pragma once

#include "zoo/Hdf5Handle.h"

#include <hdf5.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

namespace zooscope {

class Hdf5Io {
public:
    explicit Hdf5Io(std::string path) : m_path(std::move(path)) {}
    const std::string& path() const { return m_path; }

    // std::runtime_error "<path>: <what>" (failHdf5 adds HDF5's own reason).
    [[noreturn]] void fail(const std::string& what) const;
    [[noreturn]] void failHdf5(const std::string& what) const;
    hid_t check(hid_t id, const std::string& what) const;
    void check(herr_t status, const std::string& what, const std::string& object) const;

    // File access for new files: library version bounds 1.10 (superblock v3, v2 object headers, fixed-array
    // chunk indexes), so libhdf5 verifies a checksum on every piece of metadata before it parses it.
    static Hdf5Handle newFileAccess();

    // ---- writing: strings are fixed-length, null-padded UTF-8 (never variable-length: see above).
    void writeStringAttribute(hid_t loc, const char* name, const std::string& value) const;
    void writeStringListAttribute(hid_t loc, const char* name, const std::vector<std::string>& values) const;
    void writeIntAttribute(hid_t loc, const char* name, int64_t value) const;
    Hdf5Handle createGroup(hid_t loc, const char* name) const;
    // A dataset of `fileType` with dims `dims`, in chunks of `chunk` (when given and no dim is 0) with a
    // Fletcher-32 checksum per chunk; `compress`: shuffled and deflated before the checksum.
    Hdf5Handle createDataset(hid_t loc, const char* name, hid_t fileType, const std::vector<hsize_t>& dims,
                             const std::vector<hsize_t>& chunk = {}, bool compress = true) const;
    // `values` (row-major, `dims`) as a dataset in chunks of up to 1024 rows, each with a Fletcher-32
    // checksum; `compress`: shuffled and deflated.
    template <typename T>
    void writeColumn(hid_t loc, const char* name, hid_t fileType, hid_t memType, const std::vector<T>& values,
                     const std::vector<hsize_t>& dims, bool compress = false) const
    {
        std::vector<hsize_t> chunk = dims;
        if (!chunk.empty())
            chunk[0] = std::min<hsize_t>(dims[0], 1024);
        Hdf5Handle ds = createDataset(loc, name, fileType, dims, chunk, compress);
        if (!values.empty())
            check(H5Dwrite(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), "cannot write dataset", name);
    }
    void writeStringColumn(hid_t loc, const char* name, const std::vector<std::string>& values) const;

    // ---- reading: `where` names the object in messages ("/", "/embeddings/x").
    std::string stringAttribute(hid_t loc, const char* name, const std::string& where) const;
    std::vector<std::string> stringListAttribute(hid_t loc, const char* name, const std::string& where) const;
    int64_t intAttribute(hid_t loc, const char* name, const std::string& where) const;
    // A string attribute or dataset is at most this long, a string list or column at most this many.
    static constexpr size_t kMaxStringBytes = 1 << 20;
    static constexpr hssize_t kMaxStrings = 1 << 22;
    // A dataset read whole holds at most this many bytes (the largest ZooScope reads whole are latents).
    static constexpr size_t kMaxWholeReadBytes = size_t(8) << 30;

    // Reads every attribute and every dataset of the file (datasets in pieces of at most 16 MB,
    // discarded): the child of Hdf5FileProbe walks an untrusted file with it.
    void readEverything(hid_t file) const;

    // A whole dataset of rank <= 3 as `memType`; its shape into `dims`.
    template <typename T>
    std::vector<T> readDataset(hid_t loc, const char* name, hid_t memType, std::vector<hsize_t>& dims,
                               const std::string& where) const
    {
        Hdf5Handle ds = openAnyDataset(loc, name, dims, where);
        size_t n = 1;
        for (hsize_t d : dims) {
            if (d != 0 && n > kMaxWholeReadBytes / sizeof(T) / static_cast<size_t>(d))
                fail(where + "/" + name + " is implausibly large");
            n *= static_cast<size_t>(d);
        }
        std::vector<T> data(n);
        if (n > 0)
            check(H5Dread(ds, memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, data.data()), "cannot read", where + "/" + name);
        return data;
    }

    // Opens dataset `name` (rank 1..3) without reading it; its shape into `dims`.
    Hdf5Handle openDatasetOfShape(hid_t loc, const char* name, std::vector<hsize_t>& dims, const std::string& where) const
    {
        return openAnyDataset(loc, name, dims, where);
    }

    // The strings of a string attribute (isAttribute) or 1-d dataset, fixed- or variable-length; `what`
    // names it in errors.
    std::vector<std::string> readStrings(hid_t obj, bool isAttribute, const std::string& what) const;

private:
    Hdf5Handle openAttribute(hid_t loc, const char* name, const std::string& where) const;
    Hdf5Handle openAnyDataset(hid_t loc, const char* name, std::vector<hsize_t>& dims, const std::string& where) const;

    std::string m_path;
};

} // namespace zooscope
