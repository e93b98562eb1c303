// A form row of a line edit that takes the room and a button beside it ("Browse..."), as the New Zoo and
// Write Slurm Job Scripts dialogs ask for folders and files.
#pragma once

#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QWidget>

namespace zooscope {

inline QWidget* fieldWithButton(QLineEdit* edit, QPushButton* button)
{
    auto* row = new QWidget;
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    return row;
}

} // namespace zooscope
