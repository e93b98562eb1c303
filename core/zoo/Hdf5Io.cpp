#include "zoo/Hdf5Io.h"

#include "zoo/QuietHdf5.h"

#include <cstring>
#include <stdexcept>

namespace zooscope {

namespace {

// Float weights barely compress (~8% with shuffle); level 1 writes twice as fast as level 4 for the same size.
constexpr unsigned kDeflateLevel = 1;

using Handle = Hdf5Handle;

// libhdf5 1.10 cannot close a file whose metadata failed its checksum (the id stays open), and its exit
// handler then prints "HDF5: infinite loop closing library" and a page of codes; after a write that
// failed on a full disk it crashes. ZooScope closes every file itself, so the library's exit-time
// cleanup is not needed; this runs before main() in every program that links the HDF5 helper.
const bool g_noExitCleanup = [] {
    H5dont_atexit();
    return true;
}();

} // namespace

void Hdf5Io::fail(const std::string& what) const { throw std::runtime_error(m_path + ": " + what); }

void Hdf5Io::failHdf5(const std::string& what) const
{
    const std::string reason = QuietHdf5::takeErrorMessage();
    fail(what + (reason.empty() ? std::string() : ": " + reason));
}

hid_t Hdf5Io::check(hid_t id, const std::string& what) const
{
    if (id < 0)
        failHdf5(what);
    return id;
}

void Hdf5Io::check(herr_t status, const std::string& what, const std::string& object) const
{
    if (status < 0)
        failHdf5(what + " " + object);
}

Hdf5Handle Hdf5Io::newFileAccess()
{
    Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
    H5Pset_libver_bounds(fapl, H5F_LIBVER_V110, H5F_LIBVER_LATEST);
    return fapl;
}

namespace {

// Fixed-length, null-padded UTF-8 of `size` bytes (at least 1: HDF5 has no empty string type).
Handle fixedStringType(size_t size)
{
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(t, std::max<size_t>(size, 1));
    H5Tset_strpad(t, H5T_STR_NULLPAD);
    H5Tset_cset(t, H5T_CSET_UTF8);
    return t;
}

size_t longest(const std::vector<std::string>& values)
{
    size_t n = 1;
    for (const auto& v : values)
        n = std::max(n, v.size());
    return n;
}

// `values` packed into `size`-byte null-padded cells.
std::vector<char> packed(const std::vector<std::string>& values, size_t size)
{
    std::vector<char> buf(values.size() * size, '\0');
    for (size_t i = 0; i < values.size(); ++i)
        std::memcpy(buf.data() + i * size, values[i].data(), values[i].size());
    return buf;
}

} // namespace

void Hdf5Io::writeStringAttribute(hid_t loc, const char* name, const std::string& value) const
{
    Handle type = fixedStringType(value.size());
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(check(H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT), std::string("cannot create attribute ") + name),
                H5Aclose);
    const std::vector<char> buf = packed({value}, std::max<size_t>(value.size(), 1));
    check(H5Awrite(attr, type, buf.data()), "cannot write attribute", name);
}

void Hdf5Io::writeStringListAttribute(hid_t loc, const char* name, const std::vector<std::string>& values) const
{
    const size_t size = longest(values);
    Handle type = fixedStringType(size);
    const hsize_t n = values.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Handle attr(check(H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT), std::string("cannot create attribute ") + name),
                H5Aclose);
    const std::vector<char> buf = packed(values, size);
    check(H5Awrite(attr, type, buf.data()), "cannot write attribute", name);
}

void Hdf5Io::writeIntAttribute(hid_t loc, const char* name, int64_t value) const
{
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(check(H5Acreate2(loc, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), std::string("cannot create attribute ") + name),
                H5Aclose);
    check(H5Awrite(attr, H5T_NATIVE_INT64, &value), "cannot write attribute", name);
}

Hdf5Handle Hdf5Io::createGroup(hid_t loc, const char* name) const
{
    return Handle(check(H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), std::string("cannot create group ") + name),
                  H5Gclose);
}

Hdf5Handle Hdf5Io::createDataset(hid_t loc, const char* name, hid_t fileType, const std::vector<hsize_t>& dims,
                                 const std::vector<hsize_t>& chunk, bool compress) const
{
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    const bool empty = std::find(dims.begin(), dims.end(), hsize_t(0)) != dims.end();
    if (!chunk.empty() && !empty) {
        std::vector<hsize_t> c = chunk;
        for (size_t i = 0; i < c.size(); ++i)
            c[i] = std::max<hsize_t>(1, std::min(c[i], dims[i]));
        H5Pset_chunk(dcpl, static_cast<int>(c.size()), c.data());
        if (compress) {
            H5Pset_shuffle(dcpl);
            H5Pset_deflate(dcpl, kDeflateLevel);
        }
        // last in the pipeline: the checksum is over the stored bytes and verified before inflating
        H5Pset_fletcher32(dcpl);
    }
    return Handle(check(H5Dcreate2(loc, name, fileType, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), std::string("cannot create dataset ") + name),
                  H5Dclose);
}

void Hdf5Io::writeStringColumn(hid_t loc, const char* name, const std::vector<std::string>& values) const
{
    const size_t size = longest(values);
    Handle type = fixedStringType(size);
    const hsize_t n = values.size();
    Handle ds = createDataset(loc, name, type, {n}, {std::min<hsize_t>(n, 1024)}, true);
    const std::vector<char> buf = packed(values, size);
    if (n > 0)
        check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()), "cannot write dataset", name);
}

std::vector<std::string> Hdf5Io::readStrings(hid_t obj, bool isAttribute, const std::string& what) const
{
    Handle type(isAttribute ? H5Aget_type(obj) : H5Dget_type(obj), H5Tclose);
    Handle space(isAttribute ? H5Aget_space(obj) : H5Dget_space(obj), H5Sclose);
    if (H5Tget_class(type) != H5T_STRING)
        fail(what + " is not a string");
    const int rank = H5Sget_simple_extent_ndims(space);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    if (rank < 0 || rank > 1 || n < 0 || n > kMaxStrings)
        fail(what + " has an unexpected shape");
    std::vector<std::string> out;
    if (H5Tis_variable_str(type) > 0) {
        std::vector<char*> p(static_cast<size_t>(n), nullptr);
        Handle mem = Hdf5Handle::utf8StringType();
        if (n > 0)
            check(isAttribute ? H5Aread(obj, mem, p.data()) : H5Dread(obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()),
                  "cannot read", what);
        for (char* s : p) {
            out.emplace_back(s ? std::string(s, strnlen(s, kMaxStringBytes)) : std::string());
            H5free_memory(s);
        }
        return out;
    }
    const size_t size = H5Tget_size(type);
    if (size == 0 || size > kMaxStringBytes || static_cast<size_t>(n) * size > 64 * kMaxStringBytes)
        fail(what + " has an implausible string size");
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem, size);
    H5Tset_strpad(mem, H5T_STR_NULLPAD); // NULLTERM would drop the last character of a full cell
    const H5T_cset_t cset = H5Tget_cset(type);
    if (cset != H5T_CSET_ASCII && cset != H5T_CSET_UTF8)
        fail(what + " has an unknown character set");
    H5Tset_cset(mem, cset); // libhdf5 converts between no two character sets
    std::vector<char> buf(static_cast<size_t>(n) * size + 1, '\0');
    if (n > 0)
        check(isAttribute ? H5Aread(obj, mem, buf.data()) : H5Dread(obj, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()),
              "cannot read", what);
    for (hssize_t i = 0; i < n; ++i) {
        const char* cell = buf.data() + static_cast<size_t>(i) * size;
        out.emplace_back(cell, strnlen(cell, size));
    }
    return out;
}

std::string Hdf5Io::stringAttribute(hid_t loc, const char* name, const std::string& where) const
{
    Handle attr = openAttribute(loc, name, where);
    Handle space(H5Aget_space(attr), H5Sclose);
    if (H5Sget_simple_extent_npoints(space) != 1)
        fail("attribute '" + std::string(name) + "' on " + where + " is not a single string");
    return readStrings(attr, true, "attribute '" + std::string(name) + "' on " + where).at(0);
}

std::vector<std::string> Hdf5Io::stringListAttribute(hid_t loc, const char* name, const std::string& where) const
{
    Handle attr = openAttribute(loc, name, where);
    return readStrings(attr, true, "attribute '" + std::string(name) + "' on " + where);
}

int64_t Hdf5Io::intAttribute(hid_t loc, const char* name, const std::string& where) const
{
    Handle attr = openAttribute(loc, name, where);
    Handle type(H5Aget_type(attr), H5Tclose);
    if (H5Tget_class(type) != H5T_INTEGER)
        fail("attribute '" + std::string(name) + "' on " + where + " is not an integer");
    Handle space(H5Aget_space(attr), H5Sclose);
    if (H5Sget_simple_extent_npoints(space) != 1)
        fail("attribute '" + std::string(name) + "' on " + where + " is not a single integer");
    int64_t v = 0;
    check(H5Aread(attr, H5T_NATIVE_INT64, &v), "cannot read attribute", name);
    return v;
}

Hdf5Handle Hdf5Io::openAttribute(hid_t loc, const char* name, const std::string& where) const
{
    const htri_t there = H5Aexists(loc, name);
    if (there < 0)
        failHdf5("cannot look up attribute '" + std::string(name) + "' on " + where);
    if (there == 0)
        fail("missing attribute '" + std::string(name) + "' on " + where);
    return Handle(check(H5Aopen(loc, name, H5P_DEFAULT), "cannot open attribute " + std::string(name)), H5Aclose);
}

Hdf5Handle Hdf5Io::openAnyDataset(hid_t loc, const char* name, std::vector<hsize_t>& dims, const std::string& where) const
{
    const htri_t there = H5Lexists(loc, name, H5P_DEFAULT);
    if (there < 0)
        failHdf5("cannot look up " + where + "/" + name);
    if (there == 0)
        fail(where + " has no dataset '" + name + "'");
    Handle ds(check(H5Dopen2(loc, name, H5P_DEFAULT), std::string("cannot open dataset ") + name), H5Dclose);
    Handle space(H5Dget_space(ds), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 1 || rank > 3)
        fail(where + "/" + name + " has an unexpected shape");
    dims.assign(static_cast<size_t>(rank), 0);
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    return ds;
}

void Hdf5Io::readEverything(hid_t file) const
{
    struct Walk {
        const Hdf5Io* io;
        void attributes(hid_t obj, const std::string& where) const
        {
            H5O_info_t info{};
            io->check(H5Oget_info2(obj, &info, H5O_INFO_NUM_ATTRS), "cannot inspect", where);
            for (hsize_t i = 0; i < info.num_attrs; ++i) {
                Handle attr(io->check(H5Aopen_by_idx(obj, ".", H5_INDEX_CRT_ORDER, H5_ITER_NATIVE, i, H5P_DEFAULT, H5P_DEFAULT),
                                      "cannot open an attribute of " + where),
                            H5Aclose);
                Handle type(H5Aget_type(attr), H5Tclose);
                if (H5Tget_class(type) == H5T_STRING) {
                    io->readStrings(attr, true, "an attribute of " + where);
                    continue;
                }
                Handle space(H5Aget_space(attr), H5Sclose);
                const hssize_t n = H5Sget_simple_extent_npoints(space);
                const size_t size = H5Tget_size(type);
                if (n < 0 || size == 0 || static_cast<double>(n) * static_cast<double>(size) > 64.0 * kMaxStringBytes)
                    io->fail("an attribute of " + where + " is implausibly large");
                std::vector<char> buf(static_cast<size_t>(n) * size + 1);
                io->check(H5Aread(attr, type, buf.data()), "cannot read an attribute of", where);
            }
        }
        void dataset(hid_t ds, const std::string& where) const
        {
            Handle type(H5Dget_type(ds), H5Tclose);
            Handle space(H5Dget_space(ds), H5Sclose);
            const int rank = H5Sget_simple_extent_ndims(space);
            if (rank < 0 || rank > 8)
                io->fail(where + " has an unexpected shape");
            if (rank == 0 || H5Sget_simple_extent_npoints(space) == 0)
                return;
            if (H5Tget_class(type) == H5T_STRING) {
                io->readStrings(ds, false, where);
                return;
            }
            std::vector<hsize_t> dims(static_cast<size_t>(rank));
            H5Sget_simple_extent_dims(space, dims.data(), nullptr);
            double rowBytes = static_cast<double>(H5Tget_size(type));
            for (int i = 1; i < rank; ++i)
                rowBytes *= static_cast<double>(dims[i]);
            if (rowBytes <= 0 || rowBytes > double(1u << 30))
                io->fail(where + " is implausibly large");
            const hsize_t rows = std::max<hsize_t>(1, static_cast<hsize_t>((16.0 * (1 << 20)) / rowBytes));
            std::vector<char> buf(static_cast<size_t>(std::min<hsize_t>(rows, dims[0]) * rowBytes));
            for (hsize_t first = 0; first < dims[0]; first += rows) {
                std::vector<hsize_t> start(dims.size(), 0), count = dims;
                start[0] = first;
                count[0] = std::min(rows, dims[0] - first);
                H5Sselect_hyperslab(space, H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
                Handle mem(H5Screate_simple(rank, count.data(), nullptr), H5Sclose);
                io->check(H5Dread(ds, type, mem, space, H5P_DEFAULT, buf.data()), "cannot read", where);
            }
        }
    };
    const Walk walk{this};
    walk.attributes(file, "/");
    struct Visit {
        const Walk* walk;
        std::string error;
    } visit{&walk, {}};
    const herr_t r = H5Ovisit2(
        file, H5_INDEX_NAME, H5_ITER_INC,
        [](hid_t root, const char* name, const H5O_info_t* info, void* data) -> herr_t {
            auto* v = static_cast<Visit*>(data);
            const std::string where = std::string("/") + name;
            try {
                if (std::string(name) == ".")
                    return 0;
                Handle obj(H5Oopen(root, name, H5P_DEFAULT), H5Oclose);
                if (!obj.valid())
                    v->walk->io->failHdf5("cannot open " + where);
                v->walk->attributes(obj, where);
                if (info->type == H5O_TYPE_DATASET)
                    v->walk->dataset(obj, where);
            } catch (const std::exception& e) {
                v->error = e.what();
                return -1;
            }
            return 0;
        },
        &visit, H5O_INFO_BASIC);
    if (!visit.error.empty())
        throw std::runtime_error(visit.error);
    if (r < 0)
        failHdf5("cannot walk the file");
}

} // namespace zooscope
