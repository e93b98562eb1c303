#pragma once

#include <QFutureWatcher>
#include <QMainWindow>
#include <QStringList>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;

namespace zooscope {

class LatentScatterView;
class ProgressIndicator;
class ZooTablePanel;
struct OpenedZoo;

// The main window: menus, dockable panels around the 3D latent view, a status bar with progress.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // useSettings: restore and save window state and recent files (off for reproducible screenshots).
    explicit MainWindow(bool useSettings = true, QWidget* parent = nullptr);
    ~MainWindow() override;

    LatentScatterView* scatterView() const { return m_scatter; }
    QProgressBar* progressBar() const;
    ProgressIndicator* progressIndicator() const { return m_progress; }
    ZooTablePanel* zooTable() const { return m_zooTable; }
    QStringList recentFiles() const { return m_recentFiles; }
    // The zoo on show; null while none is open (the demo cloud is shown then).
    const OpenedZoo* openedZoo() const { return m_zoo.get(); }
    // The zoo shipped with ZooScope (data/), or an empty string when it is not installed.
    static QString defaultZooPath();

    // Saves a PNG of the whole window as it is on screen, 3D view included.
    bool saveScreenshot(const QString& file);

public slots:
    // Reads and projects the zoo in a worker; the window stays responsive and shows progress.
    void openZoo(const QString& file);
    void cancelJob();

signals:
    // A zoo finished loading (successfully or not: then `error` says why).
    void zooOpened(const QString& file, const QString& error);
    // The 3D view has rendered its first frame: the window is ready for a screenshot.
    void firstFrameShown();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createDocks();
    void createStatusBar();
    void showDemoPoints();
    void showZoo(std::shared_ptr<OpenedZoo> zoo);
    void addRecentFile(const QString& file);
    void updateRecentMenu();
    void chooseZooFile();
    void exportFigure();
    void showAbout();
    void showError(const QString& title, const QString& text);
    QDockWidget* addPlaceholderDock(const QString& objectName, const QString& title, const QString& text,
                                    Qt::DockWidgetArea area);

    bool m_useSettings = true;
    bool m_firstFrameSeen = false;
    LatentScatterView* m_scatter = nullptr;
    QLabel* m_statusText = nullptr;
    ProgressIndicator* m_progress = nullptr;
    ZooTablePanel* m_zooTable = nullptr;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_exportFigureAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_resetCameraAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QStringList m_recentFiles;
    std::shared_ptr<OpenedZoo> m_zoo;
    struct LoadResult {
        std::shared_ptr<OpenedZoo> zoo;
        QString error;
        bool cancelled = false;
    };
    QFutureWatcher<LoadResult> m_loadWatcher;
    QString m_loadingFile;
};

} // namespace zooscope
