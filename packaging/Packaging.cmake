# Desktop integration (install rules) and the Debian package (CPack DEB).
# Included at the end of the top-level CMakeLists.txt. Build the package with
#   cmake --build build --target package      ->  build/zooscope_<version>_<arch>.deb
# The package installs under /usr whatever CMAKE_INSTALL_PREFIX is.

set(ZOOSCOPE_RESOURCES_DIR "${PROJECT_SOURCE_DIR}/resources")

# --- Desktop integration ---------------------------------------------------------------------------
# Debian's dpkg triggers (desktop-file-utils, shared-mime-info, hicolor-icon-theme) refresh the
# desktop, MIME and icon caches, so the package needs no maintainer scripts.
install(FILES "${ZOOSCOPE_RESOURCES_DIR}/zooscope.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${ZOOSCOPE_RESOURCES_DIR}/io.github.zooscope.ZooScope.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
install(FILES "${ZOOSCOPE_RESOURCES_DIR}/zooscope-mime.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/mime/packages"
        RENAME zooscope.xml)
install(FILES "${ZOOSCOPE_RESOURCES_DIR}/icons/zooscope.svg"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
foreach(size IN ITEMS 16 32 48 64 128 256)
  install(FILES "${ZOOSCOPE_RESOURCES_DIR}/icons/hicolor/${size}x${size}/apps/zooscope.png"
          DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps")
endforeach()

# The shipped default zoo, opened when the app starts without one (MainWindow::defaultZooPath), and
# the hyper-representation trained on it, whose latent space the app shows at first start.
install(FILES "${PROJECT_SOURCE_DIR}/data/fashion-mnist-cnn-s.zoo.h5" "${PROJECT_SOURCE_DIR}/data/fashion-mnist-cnn-s.hr"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/zooscope")

# Debian's documentation: manual pages, copyright and the (native package's) changelog. CMake
# gzips them at configure time, so the build needs no gzip.
function(zooscope_gzip source output)
  get_filename_component(dir "${output}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  file(ARCHIVE_CREATE OUTPUT "${output}" PATHS "${source}"
       FORMAT raw COMPRESSION GZip COMPRESSION_LEVEL 9 MTIME 0)
  set_property(DIRECTORY "${PROJECT_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${source}")
endfunction()

foreach(page IN ITEMS zooscope.1 zooscope-cli.1)
  zooscope_gzip("${CMAKE_CURRENT_LIST_DIR}/man/${page}" "${PROJECT_BINARY_DIR}/packaging/man/${page}.gz")
  install(FILES "${PROJECT_BINARY_DIR}/packaging/man/${page}.gz" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
endforeach()
zooscope_gzip("${CMAKE_CURRENT_LIST_DIR}/changelog" "${PROJECT_BINARY_DIR}/packaging/changelog.gz")
install(FILES "${CMAKE_CURRENT_LIST_DIR}/copyright" "${PROJECT_BINARY_DIR}/packaging/changelog.gz"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/zooscope")

# --- CPack ----------------------------------------------------------------------------------------
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "zooscope")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "The ZooScope developers")
set(CPACK_PACKAGE_CONTACT "ZooScope developers <zooscope@zooscope.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "explore populations of trained neural networks through their weights")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_PACKAGE_NAME "zooscope")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # zooscope_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${PROJECT_HOMEPAGE_URL}")
# The synopsis line comes from CPACK_PACKAGE_DESCRIPTION_SUMMARY; this is the extended description.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
"ZooScope is a desktop application and command-line tool for machine-learning
researchers who study model zoos: populations of neural networks trained on
the same task. It trains a transformer autoencoder over the networks' weights
(hyper-representations), shows its latent space in an interactive 3D view,
samples new models from brushed regions, analyses them and exports figures.
.
This package contains the GUI (zooscope) and the command-line tool
(zooscope-cli).")

# Depends: dpkg-shlibdeps (dpkg-dev) computes the shared-library packages from the executables
# (Qt 6, VTK 9.1, LibTorch, HDF5, ...); CPack appends them to the explicit list below, which holds
# what it cannot see:
#  - libopenblas0-pthread: Debian's LibTorch links the generic libblas.so.3, which otherwise
#    resolves to the slow reference BLAS; OpenBLAS registers itself as the alternative.
#  - libqt6svg6: its SVG icon-engine and image-format plugins draw the application icon.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, libqt6svg6")
# Fashion-MNIST is the data set the zoos' models are trained and tested on.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# `package_source`: a tarball of the sources without build trees and VCS data.
set(CPACK_SOURCE_GENERATOR "TXZ")
set(CPACK_SOURCE_PACKAGE_FILE_NAME "zooscope-${PROJECT_VERSION}")
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.cache/" "~$")

include(CPack)
