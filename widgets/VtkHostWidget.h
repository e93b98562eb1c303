// A Qt 6 QOpenGLWidget that hosts a VTK render window. Debian's VTK Qt module is built against Qt 5, so
// ZooScope hosts VTK itself: VTK renders into its own framebuffers through the widget's context
// (vtkGenericOpenGLRenderWindow), paintGL blits VTK's display framebuffer into the widget's framebuffer,
// and Qt's input events drive a vtkGenericRenderWindowInteractor.
#pragma once

#include <QImage>
#include <QOpenGLWidget>

#include <vtkSmartPointer.h>

#include <vector>

class QSurface;
class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkObject;
class vtkRenderWindow;
class vtkRenderWindowInteractor;

namespace zooscope {

class VtkHostWidget : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit VtkHostWidget(QWidget* parent = nullptr);
    ~VtkHostWidget() override;

    // VTK renders through an OpenGL 3.2 core context (RGBA8, 24-bit depth, no multisampling); call once
    // before QApplication exists, in the app, its tests and benchmarks alike.
    static void setDefaultSurfaceFormat();

    vtkRenderWindow* renderWindow() const;
    vtkRenderWindowInteractor* interactor() const;

    // Multisampling of VTK's render framebuffer (VTK's default is 8). Off by default: Mesa's llvmpipe
    // renders 2-8x faster without it. Takes effect at the next frame.
    void setMultiSamples(int samples);
    int multiSamples() const;

    // Image reduction: VTK renders at this fraction of the widget's resolution (1: full) and the image is
    // scaled up into the widget. ParaView's trick for interactive frame rates with a software renderer,
    // whose cost grows with the number of pixels.
    void setRenderScale(double scale);
    double renderScale() const { return m_renderScale; }

    // The current scene, rendered now (QOpenGLWidget::grabFramebuffer()). Null before the widget has a context.
    QImage grabFrame();

    // The number of frames VTK has rendered for this widget (for tests and benchmarks).
    quint64 renderedFrames() const { return m_renderedFrames; }

public slots:
    // Renders the scene at the next paint (after scene changes made outside of interaction).
    void requestRender();

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;

    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void keyReleaseEvent(QKeyEvent* event) override;
    void enterEvent(QEnterEvent* event) override;
    void leaveEvent(QEvent* event) override;

    // Sets position (device pixels, Y flipped) and modifiers on the interactor.
    void setInteractorEventInfo(const QPointF& pos, Qt::KeyboardModifiers modifiers, char keyCode = 0,
                                int repeatCount = 0, const char* keySym = nullptr);

private:
    void onRenderWindowEvent(vtkObject* caller, unsigned long eventId, void* callData);
    void onInteractorRender(vtkObject* caller, unsigned long eventId, void* callData);
    bool contextIsCurrent() const;
    void releaseGraphics();
    void updateSize();
    void blitIntoDefaultFramebuffer();

    vtkSmartPointer<vtkGenericOpenGLRenderWindow> m_renderWindow;
    vtkSmartPointer<vtkGenericRenderWindowInteractor> m_interactor;
    QSurface* m_surface = nullptr; // the surface the widget's context was current on in initializeGL
    QMetaObject::Connection m_contextConnection;
    std::vector<unsigned long> m_observers;
    unsigned long m_interactorObserver = 0;
    bool m_inPaint = false;
    bool m_frameIsFresh = false; // VTK rendered outside paintGL since the last paint
    double m_wheelAngle = 0.0;  // accumulated wheel angle, in eighths of a degree
    quint64 m_renderedFrames = 0;
    double m_renderScale = 1.0;
};

} // namespace zooscope
