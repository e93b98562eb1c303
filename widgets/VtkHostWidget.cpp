#include "widgets/VtkHostWidget.h"

#include <QSurfaceFormat>

#include <QCursor>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QScreen>
#include <QWheelEvent>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkRendererCollection.h>

#include <algorithm>
#include <cmath>

namespace zooscope {

namespace {

// X11 key symbol names, as VTK's interactor styles expect them (vtkInteractorStyle::OnChar/OnKeyPress).
const char* keySymFor(int key)
{
    switch (key) {
    case Qt::Key_Backspace: return "BackSpace";
    case Qt::Key_Tab: return "Tab";
    case Qt::Key_Return: return "Return";
    case Qt::Key_Enter: return "KP_Enter";
    case Qt::Key_Escape: return "Escape";
    case Qt::Key_Space: return "space";
    case Qt::Key_Delete: return "Delete";
    case Qt::Key_Home: return "Home";
    case Qt::Key_End: return "End";
    case Qt::Key_PageUp: return "Prior";
    case Qt::Key_PageDown: return "Next";
    case Qt::Key_Left: return "Left";
    case Qt::Key_Up: return "Up";
    case Qt::Key_Right: return "Right";
    case Qt::Key_Down: return "Down";
    case Qt::Key_Plus: return "plus";
    case Qt::Key_Minus: return "minus";
    case Qt::Key_Shift: return "Shift_L";
    case Qt::Key_Control: return "Control_L";
    case Qt::Key_Alt: return "Alt_L";
    case Qt::Key_F1: return "F1";
    case Qt::Key_F2: return "F2";
    case Qt::Key_F3: return "F3";
    case Qt::Key_F4: return "F4";
    case Qt::Key_F5: return "F5";
    case Qt::Key_F6: return "F6";
    case Qt::Key_F7: return "F7";
    case Qt::Key_F8: return "F8";
    case Qt::Key_F9: return "F9";
    case Qt::Key_F10: return "F10";
    case Qt::Key_F11: return "F11";
    case Qt::Key_F12: return "F12";
    default: return nullptr;
    }
}

Qt::CursorShape cursorFor(int vtkCursor)
{
    switch (vtkCursor) {
    case VTK_CURSOR_CROSSHAIR: return Qt::CrossCursor;
    case VTK_CURSOR_SIZEALL: return Qt::SizeAllCursor;
    case VTK_CURSOR_SIZENS: return Qt::SizeVerCursor;
    case VTK_CURSOR_SIZEWE: return Qt::SizeHorCursor;
    case VTK_CURSOR_SIZENE:
    case VTK_CURSOR_SIZESW: return Qt::SizeBDiagCursor;
    case VTK_CURSOR_SIZENW:
    case VTK_CURSOR_SIZESE: return Qt::SizeFDiagCursor;
    case VTK_CURSOR_HAND: return Qt::PointingHandCursor;
    default: return Qt::ArrowCursor;
    }
}

} // namespace

VtkHostWidget::VtkHostWidget(QWidget* parent)
    : QOpenGLWidget(parent)
    , m_renderWindow(vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New())
    , m_interactor(vtkSmartPointer<vtkGenericRenderWindowInteractor>::New())
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true); // hover (VTK move events without a button)
    setMinimumSize(64, 64);

    // The widget owns the context; VTK may render only once initializeGL has run, and never blits to
    // a window of its own: paintGL copies VTK's display framebuffer into the widget's framebuffer.
    m_renderWindow->SetReadyForRendering(false);
    m_renderWindow->SetOwnContext(false);
    m_renderWindow->SetFrameBlitModeToNoBlit();
    m_renderWindow->SetMultiSamples(0);
    m_renderWindow->SetForceMaximumHardwareLineWidth(1);
    m_renderWindow->SetIsDirect(1);
    m_renderWindow->SetSupportsOpenGL(1);

    auto addObserver = [this](unsigned long event) {
        m_observers.push_back(m_renderWindow->AddObserver(event, this, &VtkHostWidget::onRenderWindowEvent));
    };
    addObserver(vtkCommand::WindowMakeCurrentEvent);
    addObserver(vtkCommand::WindowIsCurrentEvent);
    addObserver(vtkCommand::WindowFrameEvent);
    addObserver(vtkCommand::CursorChangedEvent);

    // Interactor styles call iren->Render(): with EnableRender off that only fires RenderEvent, which
    // schedules a paint; VTK then renders inside paintGL, with the context current.
    m_interactor->SetRenderWindow(m_renderWindow);
    m_interactor->EnableRenderOff();
    m_interactorObserver = m_interactor->AddObserver(vtkCommand::RenderEvent, this, &VtkHostWidget::onInteractorRender);
    m_interactor->SetInteractorStyle(vtkSmartPointer<vtkInteractorStyleTrackballCamera>::New());
    m_interactor->Enable();
}

VtkHostWidget::~VtkHostWidget()
{
    disconnect(m_contextConnection);
    // Release VTK's GL objects and drop the VTK objects while this widget's context is current.
    const bool hasContext = context() && context()->isValid();
    if (hasContext)
        makeCurrent();
    if (m_renderWindow->GetReadyForRendering()) {
        m_renderWindow->GetState()->Reset();
        m_renderWindow->Finalize();
        m_renderWindow->SetReadyForRendering(false);
    }
    m_interactor->RemoveObserver(m_interactorObserver);
    m_interactor->SetInteractorStyle(nullptr);
    m_interactor->SetRenderWindow(nullptr);
    for (unsigned long id : m_observers)
        m_renderWindow->RemoveObserver(id);
    m_observers.clear();
    m_interactor = nullptr;
    m_renderWindow = nullptr;
    if (hasContext)
        doneCurrent();
}

vtkRenderWindow* VtkHostWidget::renderWindow() const { return m_renderWindow; }

vtkRenderWindowInteractor* VtkHostWidget::interactor() const { return m_interactor; }

void VtkHostWidget::setMultiSamples(int samples)
{
    samples = std::max(0, samples);
    if (samples == m_renderWindow->GetMultiSamples())
        return;
    m_renderWindow->SetMultiSamples(samples);
    requestRender();
}

int VtkHostWidget::multiSamples() const { return m_renderWindow->GetMultiSamples(); }

QImage VtkHostWidget::grabFrame() { return grabFramebuffer(); }

void VtkHostWidget::requestRender()
{
    m_frameIsFresh = false;
    update();
}

void VtkHostWidget::initializeGL()
{
    // A new context (first show, or after a re-parent to another window): VTK starts over with it.
    disconnect(m_contextConnection);
    m_contextConnection = connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkHostWidget::releaseGraphics,
                                  Qt::DirectConnection);
    m_surface = context()->surface();
    m_renderWindow->SetReadyForRendering(true);
    m_renderWindow->OpenGLInitContext();
    m_frameIsFresh = false;
    updateSize();
}

void VtkHostWidget::releaseGraphics()
{
    if (!m_renderWindow->GetReadyForRendering())
        return;
    makeCurrent(); // Qt's own call is right here: VTK is not rendering, and its state cache is reset next
    m_renderWindow->GetState()->Reset();
    m_renderWindow->Finalize(); // releases every renderer's and prop's GL resources
    m_renderWindow->SetReadyForRendering(false);
    doneCurrent();
    m_surface = nullptr;
}

void VtkHostWidget::resizeGL(int, int)
{
    updateSize();
}

void VtkHostWidget::setRenderScale(double scale)
{
    scale = std::clamp(scale, 0.1, 1.0);
    if (scale == m_renderScale)
        return;
    // Positions the interactor holds (e.g. where a drag started) move to the new resolution.
    const double k = scale / m_renderScale;
    int* p = m_interactor->GetEventPosition();
    m_interactor->SetEventPosition(int(std::lround((p[0] + 0.5) * k - 0.5)), int(std::lround((p[1] + 0.5) * k - 0.5)));
    int* last = m_interactor->GetLastEventPosition();
    m_interactor->SetLastEventPosition(int(std::lround((last[0] + 0.5) * k - 0.5)),
                                       int(std::lround((last[1] + 0.5) * k - 0.5)));
    m_renderScale = scale;
    updateSize();
    requestRender();
}

void VtkHostWidget::updateSize()
{
    const qreal dpr = devicePixelRatioF() * m_renderScale;
    const int w = std::max(1, int(std::lround(width() * dpr)));
    const int h = std::max(1, int(std::lround(height() * dpr)));
    m_interactor->UpdateSize(w, h); // also resizes the render window
    m_renderWindow->SetSize(w, h);
    if (const QScreen* s = screen())
        m_renderWindow->SetScreenSize(int(std::lround(s->size().width() * dpr)),
                                      int(std::lround(s->size().height() * dpr)));
    // VTK's default DPI, scaled on HiDPI screens and with the image reduction (sizes in pixels stay put).
    m_renderWindow->SetDPI(std::max(1, int(std::lround(72 * dpr))));
    m_frameIsFresh = false;
}

bool VtkHostWidget::contextIsCurrent() const
{
    const QOpenGLContext* current = QOpenGLContext::currentContext();
    return current && current == context() && current->surface() == m_surface;
}

void VtkHostWidget::onRenderWindowEvent(vtkObject*, unsigned long eventId, void* callData)
{
    switch (eventId) {
    case vtkCommand::WindowMakeCurrentEvent:
        // Not QOpenGLWidget::makeCurrent(): that rebinds Qt's framebuffer behind VTK's state cache and
        // leaves VTK's framebuffers incomplete.
        if (context() && m_surface && !contextIsCurrent())
            context()->makeCurrent(m_surface);
        break;
    case vtkCommand::WindowIsCurrentEvent:
        *static_cast<bool*>(callData) = contextIsCurrent();
        break;
    case vtkCommand::WindowFrameEvent:
        // Double buffered without swap: a render for reading back, not for display.
        if (m_renderWindow->GetDoubleBuffer() && !m_renderWindow->GetSwapBuffers())
            break;
        ++m_renderedFrames;
        if (!m_inPaint) { // someone called renderWindow()->Render() directly: show that frame
            m_frameIsFresh = true;
            update();
        }
        break;
    case vtkCommand::CursorChangedEvent:
        setCursor(cursorFor(*static_cast<int*>(callData)));
        break;
    default:
        break;
    }
}

void VtkHostWidget::onInteractorRender(vtkObject*, unsigned long, void*)
{
    if (!m_inPaint)
        requestRender();
}

void VtkHostWidget::paintGL()
{
    if (!m_renderWindow->GetReadyForRendering())
        return;
    m_inPaint = true;
    vtkOpenGLState* state = m_renderWindow->GetState();
    state->Reset(); // Qt changed GL state (bindings, viewport, ...) since VTK's last frame
    if (!m_frameIsFresh)
        m_renderWindow->Render();
    m_frameIsFresh = false;
    // Rendering may run event handlers that make another context current (progress bars).
    if (!contextIsCurrent())
        makeCurrent();
    state->Reset();
    blitIntoDefaultFramebuffer();
    m_inPaint = false;
}

void VtkHostWidget::blitIntoDefaultFramebuffer()
{
    vtkOpenGLState* state = m_renderWindow->GetState();
    vtkOpenGLFramebufferObject* display = m_renderWindow->GetDisplayFramebuffer();
    if (!display)
        return;
    int source[2] = {0, 0};
    display->GetLastSize(source);
    const qreal dpr = devicePixelRatioF();
    const int w = int(std::lround(width() * dpr));
    const int h = int(std::lround(height() * dpr));

    state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    unsigned int attachment = GL_COLOR_ATTACHMENT0;
    state->vtkglDrawBuffers(1, &attachment);
    state->vtkglDisable(GL_SCISSOR_TEST);
    const bool scaled = source[0] != w || source[1] != h;
    m_renderWindow->BlitDisplayFramebuffer(0, 0, 0, source[0], source[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT,
                                           scaled ? GL_LINEAR : GL_NEAREST);

    // VTK clears with the renderer's background alpha (0 by default); the widget must be opaque or Qt
    // blends it with what lies behind (and grabs come out transparent). A pass over every pixel, so only
    // when some renderer is not opaque already.
    bool opaque = m_renderWindow->GetRenderers()->GetNumberOfItems() > 0;
    vtkCollectionSimpleIterator it;
    m_renderWindow->GetRenderers()->InitTraversal(it);
    while (vtkRenderer* r = m_renderWindow->GetRenderers()->GetNextRenderer(it))
        opaque = opaque && r->GetBackgroundAlpha() >= 1.0 && !r->GetPreserveColorBuffer() && r->GetLayer() == 0;
    if (opaque)
        return;
    state->vtkglBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    state->vtkglViewport(0, 0, w, h);
    state->vtkglColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    state->vtkglClearColor(0.0f, 0.0f, 0.0f, 1.0f);
    state->vtkglClear(GL_COLOR_BUFFER_BIT);
    state->vtkglColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
}

void VtkHostWidget::setInteractorEventInfo(const QPointF& pos, Qt::KeyboardModifiers modifiers, char keyCode,
                                           int repeatCount, const char* keySym)
{
    const qreal dpr = devicePixelRatioF() * m_renderScale;
    const int x = int(std::lround(pos.x() * dpr));
    const int y = int(std::lround(pos.y() * dpr));
    m_interactor->SetEventInformationFlipY(x, y, (modifiers & Qt::ControlModifier) ? 1 : 0,
                                           (modifiers & Qt::ShiftModifier) ? 1 : 0, keyCode, repeatCount, keySym);
    m_interactor->SetAltKey((modifiers & Qt::AltModifier) ? 1 : 0);
}

namespace {
unsigned long pressEventFor(Qt::MouseButton b)
{
    switch (b) {
    case Qt::LeftButton: return vtkCommand::LeftButtonPressEvent;
    case Qt::MiddleButton: return vtkCommand::MiddleButtonPressEvent;
    case Qt::RightButton: return vtkCommand::RightButtonPressEvent;
    default: return vtkCommand::NoEvent;
    }
}
unsigned long releaseEventFor(Qt::MouseButton b)
{
    switch (b) {
    case Qt::LeftButton: return vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton: return vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton: return vtkCommand::RightButtonReleaseEvent;
    default: return vtkCommand::NoEvent;
    }
}
} // namespace

void VtkHostWidget::mousePressEvent(QMouseEvent* event)
{
    const unsigned long id = pressEventFor(event->button());
    if (id == vtkCommand::NoEvent)
        return QOpenGLWidget::mousePressEvent(event);
    setInteractorEventInfo(event->position(), event->modifiers());
    m_interactor->InvokeEvent(id, event);
    event->accept();
}

void VtkHostWidget::mouseDoubleClickEvent(QMouseEvent* event)
{
    // VTK sees a double click as a press with a repeat count.
    const unsigned long id = pressEventFor(event->button());
    if (id == vtkCommand::NoEvent)
        return QOpenGLWidget::mouseDoubleClickEvent(event);
    setInteractorEventInfo(event->position(), event->modifiers(), 0, 1);
    m_interactor->InvokeEvent(id, event);
    event->accept();
}

void VtkHostWidget::mouseMoveEvent(QMouseEvent* event)
{
    setInteractorEventInfo(event->position(), event->modifiers());
    m_interactor->InvokeEvent(vtkCommand::MouseMoveEvent, event);
    event->accept();
}

void VtkHostWidget::mouseReleaseEvent(QMouseEvent* event)
{
    const unsigned long id = releaseEventFor(event->button());
    if (id == vtkCommand::NoEvent)
        return QOpenGLWidget::mouseReleaseEvent(event);
    setInteractorEventInfo(event->position(), event->modifiers());
    m_interactor->InvokeEvent(id, event);
    event->accept();
}

void VtkHostWidget::wheelEvent(QWheelEvent* event)
{
    // One VTK wheel step per 15 degrees (120 eighths), as a standard mouse wheel notch.
    constexpr double kStep = 120.0;
    const QPoint delta = event->angleDelta();
    setInteractorEventInfo(event->position(), event->modifiers());
    if (delta.y() != 0) {
        m_wheelAngle += delta.y();
        while (m_wheelAngle >= kStep) {
            m_interactor->InvokeEvent(vtkCommand::MouseWheelForwardEvent, event);
            m_wheelAngle -= kStep;
        }
        while (m_wheelAngle <= -kStep) {
            m_interactor->InvokeEvent(vtkCommand::MouseWheelBackwardEvent, event);
            m_wheelAngle += kStep;
        }
    } else if (delta.x() != 0) {
        m_interactor->InvokeEvent(delta.x() > 0 ? vtkCommand::MouseWheelLeftEvent : vtkCommand::MouseWheelRightEvent,
                                  event);
    }
    event->accept();
}

void VtkHostWidget::keyPressEvent(QKeyEvent* event)
{
    const QString text = event->text();
    const char keyCode = (text.size() == 1 && text.at(0).unicode() < 128) ? char(text.at(0).unicode()) : 0;
    const QByteArray textSym = text.toLatin1();
    const char* keySym = keySymFor(event->key());
    if (!keySym && keyCode > 32)
        keySym = textSym.constData();
    const QPointF pos = mapFromGlobal(QCursor::pos());
    setInteractorEventInfo(pos, event->modifiers(), keyCode, event->isAutoRepeat() ? 1 : 0, keySym);
    m_interactor->InvokeEvent(vtkCommand::KeyPressEvent, event);
    if (keyCode != 0)
        m_interactor->InvokeEvent(vtkCommand::CharEvent, event);
    event->accept();
}

void VtkHostWidget::keyReleaseEvent(QKeyEvent* event)
{
    const QString text = event->text();
    const char keyCode = (text.size() == 1 && text.at(0).unicode() < 128) ? char(text.at(0).unicode()) : 0;
    const QByteArray textSym = text.toLatin1();
    const char* keySym = keySymFor(event->key());
    if (!keySym && keyCode > 32)
        keySym = textSym.constData();
    const QPointF pos = mapFromGlobal(QCursor::pos());
    setInteractorEventInfo(pos, event->modifiers(), keyCode, 0, keySym);
    m_interactor->InvokeEvent(vtkCommand::KeyReleaseEvent, event);
    event->accept();
}

void VtkHostWidget::enterEvent(QEnterEvent* event)
{
    setInteractorEventInfo(event->position(), event->modifiers());
    m_interactor->InvokeEvent(vtkCommand::EnterEvent, event);
    QOpenGLWidget::enterEvent(event);
}

void VtkHostWidget::leaveEvent(QEvent* event)
{
    m_interactor->InvokeEvent(vtkCommand::LeaveEvent, event);
    QOpenGLWidget::leaveEvent(event);
}

void VtkHostWidget::setDefaultSurfaceFormat()
{
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(0);
    format.setSamples(0);
    QSurfaceFormat::setDefaultFormat(format);
}

} // namespace zooscope
