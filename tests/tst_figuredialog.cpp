// The Export Figure dialog (issue 12): presets and units, the format following the file name's suffix,
// Export disabled with a reason while a value or the file name is bad, chart mode; a chart's context
// menu exports it as SVG and PDF through the dialog; File > Export Selection follows the selection.
// With ZOOSCOPE_SCREENSHOT_DIR set it saves pictures of the dialog there.
#include "app/MainWindow.h"
#include "widgets/FigureExportDialog.h"
#include "widgets/HyperRepresentationPanel.h"
#include "widgets/SelectionModel.h"
#include "widgets/TrainingCurvesChart.h"

#include "ExplorerTestUtil.h"
#include "FileBytes.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFontComboBox>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using zooscope::FigureExportDialog;
using zooscope::FigureOptions;
using zooscope::MainWindow;

namespace {

template <typename T>
T* child(QWidget& w, const char* name)
{
    T* c = w.findChild<T*>(QLatin1String(name));
    if (!c)
        qWarning("no %s named %s", T::staticMetaObject.className(), name);
    return c;
}

QPushButton* exportButton(QWidget& dialog) { return child<QPushButton>(dialog, "exportButton"); }
QString problemText(QWidget& dialog) { return child<QLabel>(dialog, "problemLabel")->text(); }

} // namespace

class TestFigureDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        if (!explorertest::isXcb())
            QFAIL("needs the xcb platform: run under xvfb-run (ctest does)");
        QVERIFY(m_dir.isValid());
    }

    void presetsAndUnits()
    {
        FigureExportDialog d;
        auto* preset = child<QComboBox>(d, "sizePresetCombo");
        auto* unit = child<QComboBox>(d, "sizeUnitCombo");
        auto* width = child<QDoubleSpinBox>(d, "widthSpin");
        auto* dpi = child<QSpinBox>(d, "dpiSpin");
        QVERIFY(preset && unit && width && dpi);
        // The defaults: one column, millimetres, 300 dpi, height from the default aspect.
        QCOMPARE(preset->currentIndex(), 1);
        QCOMPARE(width->value(), FigureOptions::kOneColumnMm);
        QCOMPARE(d.options().heightMm(), FigureOptions::kOneColumnMm * FigureOptions::kDefaultAspect);
        QCOMPARE(dpi->value(), 300);

        preset->setCurrentIndex(2);
        QCOMPARE(width->value(), FigureOptions::kTwoColumnsMm);
        QCOMPARE(d.options().width, FigureOptions::kTwoColumnsMm);
        // Pixels: the same physical size; the preset still matches.
        unit->setCurrentIndex(unit->findData(int(FigureOptions::SizeUnit::Pixels)));
        QCOMPARE(d.options().sizeUnit, FigureOptions::SizeUnit::Pixels);
        QCOMPARE(width->value(), 2161.0); // 183 mm at 300 dpi
        QCOMPARE(preset->currentIndex(), 2);
        preset->setCurrentIndex(1);
        QCOMPARE(width->value(), 1051.0); // 89 mm at 300 dpi
        QVERIFY(std::abs(d.options().widthMm() - FigureOptions::kOneColumnMm) < 0.05);
        // Another width is Custom; back in millimetres it is the same size.
        width->setValue(1500);
        QCOMPARE(preset->currentIndex(), 0);
        unit->setCurrentIndex(unit->findData(int(FigureOptions::SizeUnit::Millimetres)));
        QCOMPARE(width->value(), 127.0); // 1500 px at 300 dpi
        QCOMPARE(d.options().pixelSize().width(), 1500);
    }

    void formatFollowsTheFileName()
    {
        FigureExportDialog d;
        auto* file = child<QLineEdit>(d, "fileNameEdit");
        auto* format = child<QComboBox>(d, "formatCombo");
        QVERIFY(file && format && child<QPushButton>(d, "browseButton"));
        d.setFileName(m_dir.filePath(QStringLiteral("figure.svg")));
        QCOMPARE(d.options().format, FigureOptions::Format::Svg);
        file->setText(m_dir.filePath(QStringLiteral("figure.PNG")));
        QCOMPARE(d.options().format, FigureOptions::Format::Png);
        // Choosing a format changes the suffix.
        format->setCurrentIndex(format->findData(int(FigureOptions::Format::Pdf)));
        QCOMPARE(d.fileName(), m_dir.filePath(QStringLiteral("figure.pdf")));
        file->setText(m_dir.filePath(QStringLiteral("figure")));
        format->setCurrentIndex(format->findData(int(FigureOptions::Format::Svg)));
        QCOMPARE(d.fileName(), m_dir.filePath(QStringLiteral("figure.svg")));
        // setOptions' format renames the file too.
        FigureOptions o;
        o.format = FigureOptions::Format::Png;
        d.setOptions(o);
        QCOMPARE(d.fileName(), m_dir.filePath(QStringLiteral("figure.png")));
        QCOMPARE(format->currentData().toInt(), int(FigureOptions::Format::Png));
    }

    void badValuesDisableExportWithAReason()
    {
        FigureExportDialog d;
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        // No file name yet.
        QVERIFY(!exportButton(d)->isEnabled());
        QVERIFY(!problemText(d).isEmpty());
        d.setFileName(m_dir.filePath(QStringLiteral("ok.pdf")));
        QVERIFY2(exportButton(d)->isEnabled(), qPrintable(problemText(d)));
        explorertest::saveScreenshot(d, QStringLiteral("figure-export-dialog.png"));
        QVERIFY(problemText(d).isEmpty());

        const auto expectBad = [&](const char* what) {
            QVERIFY2(!exportButton(d)->isEnabled(), what);
            QVERIFY2(!problemText(d).isEmpty(), what);
            QVERIFY2(!d.problem().isEmpty(), what);
            // Export does nothing while disabled (nor does Return).
            QTest::keyClick(&d, Qt::Key_Return);
            QVERIFY2(d.isVisible() && d.result() != QDialog::Accepted, what);
        };
        auto* width = child<QDoubleSpinBox>(d, "widthSpin");
        auto* fontSize = child<QDoubleSpinBox>(d, "fontSizeSpin");
        auto* font = child<QFontComboBox>(d, "fontCombo");
        width->setValue(0);
        expectBad("width 0");
        width->setValue(2500); // over 2 m
        expectBad("width 2500 mm");
        explorertest::saveScreenshot(d, QStringLiteral("figure-export-dialog-invalid.png"));
        width->setValue(1000); // 1 m at 600 dpi: over 20000 pixels
        child<QSpinBox>(d, "dpiSpin")->setValue(600);
        expectBad("23622 pixels");
        child<QSpinBox>(d, "dpiSpin")->setValue(300);
        width->setValue(89);
        QVERIFY2(exportButton(d)->isEnabled(), qPrintable(problemText(d)));
        fontSize->setValue(1);
        expectBad("font size 1");
        fontSize->setValue(9);
        font->setEditText(QString());
        expectBad("no font");
        font->setEditText(QStringLiteral("DejaVu Sans"));
        QVERIFY2(exportButton(d)->isEnabled(), qPrintable(problemText(d)));
        d.setFileName(m_dir.filePath(QStringLiteral("figure.jpg")));
        expectBad("suffix jpg");
        d.setFileName(m_dir.filePath(QStringLiteral("no-such-folder/figure.svg")));
        expectBad("missing folder");
        d.setFileName(m_dir.filePath(QStringLiteral("figure.svg")));
        QVERIFY2(exportButton(d)->isEnabled(), qPrintable(problemText(d)));
        QCOMPARE(d.options().validate(), QString());
    }

    void chartModeHidesTheLatentViewParts()
    {
        FigureExportDialog d;
        d.setChartMode(true);
        d.show();
        QVERIFY(QTest::qWaitForWindowExposed(&d));
        QVERIFY(!child<QGroupBox>(d, "includeGroup")->isVisible());
        QVERIFY(!child<QComboBox>(d, "viewCombo")->isVisible());
        QVERIFY(child<QFontComboBox>(d, "fontCombo")->isVisible());
        // Options round-trip, the hidden ones included.
        FigureOptions o;
        o.format = FigureOptions::Format::Svg;
        o.sizeUnit = FigureOptions::SizeUnit::Pixels;
        o.width = 1200;
        o.height = 700;
        o.dpi = 150;
        o.fontSize = 11;
        o.transparent = true;
        o.title = QStringLiteral("Curves");
        o.view = FigureOptions::View::TwoD;
        o.colorBar = false;
        o.trajectories = false;
        d.setOptions(o);
        QCOMPARE(d.options(), o);
        d.setChartMode(false);
        QVERIFY(child<QGroupBox>(d, "includeGroup")->isVisible());
        QVERIFY(child<QComboBox>(d, "viewCombo")->isVisible());
        QVERIFY(!child<QCheckBox>(d, "colorBarCheck")->isChecked());
        QVERIFY(child<QCheckBox>(d, "axesCheck")->isChecked());
        QCOMPARE(d.options(), o);
    }

    void trainingCurvesExportFromTheContextMenu()
    {
        MainWindow w(false);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        w.showPanel(QStringLiteral("hyper-representation"));
        zooscope::TrainingCurvesChart* chart = w.hyperRepresentationPanel()->chart();
        for (int s = 1; s <= 20; ++s)
            chart->addStep(s / 10.0, 1.0 / s, 1.0 - 1.0 / s);
        chart->addEpoch(1, 0.5, 0.4);
        chart->addEpoch(2, 0.7, 0.6);
        chart->replot();

        for (const QString& suffix : {QStringLiteral("svg"), QStringLiteral("pdf")}) {
            QContextMenuEvent event(QContextMenuEvent::Mouse, QPoint(40, 40), chart->mapToGlobal(QPoint(40, 40)));
            QApplication::sendEvent(chart, &event);
            auto* menu = chart->findChild<QMenu*>(QStringLiteral("chartContextMenu"));
            QVERIFY(menu);
            auto* action = menu->findChild<QAction*>(QStringLiteral("exportChartFigureAction"));
            QVERIFY(action);
            action->trigger();
            menu->close();
            auto* dialog = w.findChild<FigureExportDialog*>(QStringLiteral("figureExportDialog"));
            QVERIFY(dialog);
            QVERIFY(dialog->isVisible());
            QVERIFY(dialog->chartMode());
            const QString file = m_dir.filePath(QStringLiteral("training-curves.") + suffix);
            dialog->setFileName(file);
            child<QLineEdit>(*dialog, "titleEdit")->setText(QStringLiteral("Training curves ") + suffix);
            QVERIFY2(exportButton(*dialog)->isEnabled(), qPrintable(problemText(*dialog)));
            explorertest::saveScreenshot(*dialog, QStringLiteral("figure-export-dialog-chart.png"));
            QTest::mouseClick(exportButton(*dialog), Qt::LeftButton);
            QVERIFY(QTest::qWaitFor([&] { return !w.findChild<FigureExportDialog*>(QStringLiteral("figureExportDialog")); }, 5000));
            QVERIFY(!explorertest::errorBox(w));
            const QByteArray bytes = readBytes(file);
            QVERIFY2(bytes.size() > 1000, qPrintable(file));
            if (suffix == QLatin1String("svg")) {
                QVERIFY(bytes.contains("<svg"));
                QVERIFY(bytes.contains("Training curves svg")); // the title, as text
                QVERIFY(!bytes.contains("<image"));             // vectors, no raster
            } else {
                QVERIFY(bytes.startsWith("%PDF"));
            }
            // The next dialog starts from what was exported.
            QCOMPARE(w.figureOptions().title, QStringLiteral("Training curves ") + suffix);
        }
    }

    void exportSelectionFollowsTheSelection()
    {
        MainWindow w(false);
        auto* action = w.findChild<QAction*>(QStringLiteral("exportSelectionAction"));
        QVERIFY(action);
        QVERIFY(!action->isEnabled()); // no zoo
        QVERIFY(explorertest::openAndSettle(w, explorertest::defaultZooCopy(m_dir.path())));
        QVERIFY(!action->isEnabled()); // nothing selected
        w.selectionModel()->setSelectedRows({0, 8, 9});
        QVERIFY(action->isEnabled());
        const QString csv = m_dir.filePath(QStringLiteral("selected.csv"));
        QVERIFY(w.exportSelection(csv));
        const QList<QByteArray> lines = readBytes(csv).split('\n');
        QCOMPARE(lines.size(), 5); // header, 3 points, the last newline
        QVERIFY(lines[0].startsWith("model_id,epoch,"));
        const QString zoo = m_dir.filePath(QStringLiteral("selected.zoo.h5"));
        QVERIFY(w.exportSelection(zoo));
        QVERIFY(QFile::exists(zoo));
        QVERIFY(w.exportSelection(m_dir.filePath(QStringLiteral("selected-models")), QStringLiteral("state-dicts")));
        QVERIFY(QFile::exists(m_dir.filePath(QStringLiteral("selected-models/epoch-0"))));
        // A name that says no format: an error message, nothing written.
        QVERIFY(!w.exportSelection(m_dir.filePath(QStringLiteral("selected.txt"))));
        QVERIFY(explorertest::errorBox(w));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("selected.txt"))));
        explorertest::closeErrorBoxes(w);
        w.selectionModel()->clear();
        QVERIFY(!action->isEnabled());
    }
};

QTEST_MAIN(TestFigureDialog)
#include "tst_figuredialog.moc"
