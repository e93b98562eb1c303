#include "zoo/Hdf5Io.h"

#include "zoo/QuietHdf5.h"

#include <cstring>
#include <stdexcept>

namespace zooscope {

namespace {

// Float weights barely compress (~8% with shuffle); level 1 writes twice as fast as level 4 for the same size.
constexpr unsigned kDeflateLevel = 1;

using Handle = Hdf5Handle;

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

void Hdf5Io::writeStringAttribute(hid_t loc, const char* name, const std::string& value) const
{
    Handle type = Hdf5Handle::utf8StringType();
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(check(H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT), std::string("cannot create attribute ") + name),
                H5Aclose);
    const char* p = value.c_str();
    check(H5Awrite(attr, type, &p), "cannot write attribute", name);
}

void Hdf5Io::writeStringListAttribute(hid_t loc, const char* name, const std::vector<std::string>& values) const
{
    Handle type = Hdf5Handle::utf8StringType();
    const hsize_t n = values.size();
    Handle space(H5Screate_simple(1, &n, nullptr), H5Sclose);
    Handle attr(check(H5Acreate2(loc, name, type, space, H5P_DEFAULT, H5P_DEFAULT), std::string("cannot create attribute ") + name),
                H5Aclose);
    std::vector<const char*> p;
    for (const auto& v : values)
        p.push_back(v.c_str());
    check(H5Awrite(attr, type, p.data()), "cannot write attribute", name);
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
                                 const std::vector<hsize_t>& chunk) const
{
    Handle space(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    const bool empty = std::find(dims.begin(), dims.end(), hsize_t(0)) != dims.end();
    if (!chunk.empty() && !empty) {
        std::vector<hsize_t> c = chunk;
        for (size_t i = 0; i < c.size(); ++i)
            c[i] = std::max<hsize_t>(1, std::min(c[i], dims[i]));
        H5Pset_chunk(dcpl, static_cast<int>(c.size()), c.data());
        H5Pset_shuffle(dcpl);
        H5Pset_deflate(dcpl, kDeflateLevel);
    }
    return Handle(check(H5Dcreate2(loc, name, fileType, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), std::string("cannot create dataset ") + name),
                  H5Dclose);
}

void Hdf5Io::writeStringColumn(hid_t loc, const char* name, const std::vector<std::string>& values) const
{
    Handle type = Hdf5Handle::utf8StringType();
    Handle ds = createDataset(loc, name, type, {values.size()});
    std::vector<const char*> p;
    for (const auto& v : values)
        p.push_back(v.c_str());
    if (!p.empty())
        check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, p.data()), "cannot write dataset", name);
}

std::string Hdf5Io::stringAttribute(hid_t loc, const char* name, const std::string& where) const
{
    Handle attr = openAttribute(loc, name, where);
    Handle type(H5Aget_type(attr), H5Tclose);
    if (H5Tget_class(type) != H5T_STRING)
        fail("attribute '" + std::string(name) + "' on " + where + " is not a string");
    Handle space(H5Aget_space(attr), H5Sclose);
    if (H5Sget_simple_extent_npoints(space) != 1)
        fail("attribute '" + std::string(name) + "' on " + where + " is not a single string");
    if (H5Tis_variable_str(type) > 0) {
        Handle mem = Hdf5Handle::utf8StringType();
        char* p = nullptr;
        check(H5Aread(attr, mem, &p), "cannot read attribute", name);
        std::string s = p ? p : "";
        H5free_memory(p);
        return s;
    }
    const size_t n = H5Tget_size(type);
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem, n);
    std::string s(n, '\0');
    check(H5Aread(attr, mem, s.data()), "cannot read attribute", name);
    s.resize(std::strlen(s.c_str()));
    return s;
}

std::vector<std::string> Hdf5Io::stringListAttribute(hid_t loc, const char* name, const std::string& where) const
{
    Handle attr = openAttribute(loc, name, where);
    Handle type(H5Aget_type(attr), H5Tclose);
    if (H5Tget_class(type) != H5T_STRING || H5Tis_variable_str(type) <= 0)
        fail("attribute '" + std::string(name) + "' on " + where + " is not a list of strings");
    Handle space(H5Aget_space(attr), H5Sclose);
    const hssize_t n = H5Sget_simple_extent_npoints(space);
    std::vector<char*> p(static_cast<size_t>(std::max<hssize_t>(n, 0)), nullptr);
    Handle mem = Hdf5Handle::utf8StringType();
    check(H5Aread(attr, mem, p.data()), "cannot read attribute", name);
    std::vector<std::string> out;
    for (char* s : p) {
        out.emplace_back(s ? s : "");
        H5free_memory(s);
    }
    return out;
}

int64_t Hdf5Io::intAttribute(hid_t loc, const char* name, const std::string& where) const
{
    Handle attr = openAttribute(loc, name, where);
    Handle type(H5Aget_type(attr), H5Tclose);
    if (H5Tget_class(type) != H5T_INTEGER)
        fail("attribute '" + std::string(name) + "' on " + where + " is not an integer");
    int64_t v = 0;
    check(H5Aread(attr, H5T_NATIVE_INT64, &v), "cannot read attribute", name);
    return v;
}

Hdf5Handle Hdf5Io::openAttribute(hid_t loc, const char* name, const std::string& where) const
{
    if (H5Aexists(loc, name) <= 0)
        fail("missing attribute '" + std::string(name) + "' on " + where);
    return Handle(check(H5Aopen(loc, name, H5P_DEFAULT), "cannot open attribute " + std::string(name)), H5Aclose);
}

Hdf5Handle Hdf5Io::openAnyDataset(hid_t loc, const char* name, std::vector<hsize_t>& dims, const std::string& where) const
{
    if (H5Lexists(loc, name, H5P_DEFAULT) <= 0)
        fail(where + " has no dataset '" + name + "'");
    Handle ds(check(H5Dopen2(loc, name, H5P_DEFAULT), std::string("cannot open dataset ") + name), H5Dclose);
    Handle space(H5Dget_space(ds), H5Sclose);
    const int rank = H5Sget_simple_extent_ndims(space);
    if (rank < 0 || rank > 3)
        fail(where + "/" + name + " has an unexpected shape");
    dims.assign(static_cast<size_t>(rank), 0);
    H5Sget_simple_extent_dims(space, dims.data(), nullptr);
    return ds;
}

} // namespace zooscope
