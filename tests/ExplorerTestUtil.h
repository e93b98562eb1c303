#pragma once
// Shared by the explorer's GUI tests: the default zoo, opening it in a window and waiting for its jobs,
// a training configuration that finishes in seconds, error boxes.
#include "app/ExplorerSession.h"
#include "app/MainWindow.h"
#include "widgets/HyperRepresentationPanel.h"

#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QLineEdit>
#include <QMessageBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

namespace explorertest {

using zooscope::MainWindow;

inline bool isXcb() { return QGuiApplication::platformName() == QLatin1String("xcb"); }

inline QString defaultZoo() { return QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.zoo.h5"); }

// A copy of the default zoo in `dir`, without the hyper-representation shipped next to the original
// (tests that bring their own skip encoding the zoo with it).
inline QString defaultZooCopy(const QString& dir)
{
    const QString copy = dir + QStringLiteral("/fashion-mnist-cnn-s.zoo.h5");
    if (!QFileInfo::exists(copy))
        QFile::copy(defaultZoo(), copy);
    return copy;
}

// A copy of the default zoo and of the hyper-representation shipped next to it, in `dir`: the zoo opens
// with its latents, as the app's first start does.
inline QString defaultZooWithHyperRepresentationCopy(const QString& dir)
{
    const QString hr = dir + QStringLiteral("/fashion-mnist-cnn-s.hr");
    if (!QFileInfo::exists(hr))
        QFile::copy(QStringLiteral(ZOOSCOPE_SOURCE_DIR "/data/fashion-mnist-cnn-s.hr"), hr);
    return defaultZooCopy(dir);
}

// Opens a zoo and waits until every job it started (projection, a companion hyper-representation) is done.
inline bool openAndSettle(MainWindow& w, const QString& zoo)
{
    QSignalSpy opened(&w, &MainWindow::zooOpened);
    w.openZoo(zoo);
    if (!opened.wait(60000) || !opened.first().at(1).toString().isEmpty())
        return false;
    return QTest::qWaitFor([&] { return !w.isBusy(); }, 120000);
}

// A configuration that trains in seconds: tiny autoencoder, the last checkpoint of each model only.
inline void configureTinyTraining(zooscope::HyperRepresentationPanel* panel, int epochs)
{
    panel->findChild<QSpinBox*>(QStringLiteral("blocksSpin"))->setValue(1);
    panel->findChild<QSpinBox*>(QStringLiteral("dModelSpin"))->setValue(16);
    panel->findChild<QSpinBox*>(QStringLiteral("headsSpin"))->setValue(2);
    panel->findChild<QSpinBox*>(QStringLiteral("feedForwardSpin"))->setValue(32);
    panel->findChild<QSpinBox*>(QStringLiteral("latentSpin"))->setValue(8);
    panel->findChild<QSpinBox*>(QStringLiteral("epochsSpin"))->setValue(epochs);
    panel->findChild<QSpinBox*>(QStringLiteral("batchSpin"))->setValue(64);
    panel->findChild<QLineEdit*>(QStringLiteral("checkpointEpochsEdit"))->setText(QStringLiteral("10"));
}

// Saves a picture of `w` into $ZOOSCOPE_SCREENSHOT_DIR when it is set (for docs/screenshots and for looking).
inline void saveScreenshot(QWidget& w, const QString& name)
{
    if (!qEnvironmentVariableIsSet("ZOOSCOPE_SCREENSHOT_DIR"))
        return;
    QCoreApplication::processEvents();
    w.grab().save(qEnvironmentVariable("ZOOSCOPE_SCREENSHOT_DIR") + QLatin1Char('/') + name);
}

inline QMessageBox* errorBox(QWidget& w) { return w.findChild<QMessageBox*>(QStringLiteral("errorMessage")); }

inline void closeErrorBoxes(QWidget& w)
{
    for (QMessageBox* box : w.findChildren<QMessageBox*>(QStringLiteral("errorMessage")))
        delete box;
}

} // namespace explorertest
