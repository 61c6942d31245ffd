"""Screenshots of importing residents and exporting my records, driven with keys.

    shoot(shooter, opened, queue)

Each screen is shot at 1280x800, at 200% font scale and right-to-left. The
import reads a semicolon CSV with Spanish headers, names in many scripts and
a few bad rows, written to a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

from ocpsc_field.store.session import OpenProfile
from ocpsc_field.ui.screenshots import Shooter, main_window, settle, type_text
from ocpsc_field.ui.screenshots import variant as _variant
from ocpsc_field.ui.tasks import DatabaseQueue

SAMPLE = (
    "Nombre;Apellido;Teléfono;Código postal;Condado;Idioma;Fecha de nacimiento;Notas\r\n"
    "Thị Hương;Nguyễn;(714) 555-0111;92683;Orange;Vietnamese;04/30/1975;\r\n"
    "美玲;陈;415-555-0113;94133;San Francisco;zh-Hans;11/02/1988;讲普通话\r\n"
    "فاطمة;الحسيني;+1 619 555 0118;92020;San Diego;Arabic;01/09/1990;\r\n"
    "José;García López;559-555-0120;93701;Fresno;Español;07/20/1969;Llamar después de las 5\r\n"
    "Minh;Trần;555-0199;95112;Santa Clara;vi;;\r\n"
    "Արամ;Հակոբյան;(818) 555-0116;10001;Los Angeles;hy;;\r\n"
    ";Santos;(650) 555-0122;94014;San Mateo;Tagalog;;\r\n"
    "Pa Houa;Vang;(916) 555-0123;95823;Springfield;Hmong;31/02/1990;\r\n"
    "សុភា;ស៊ុន;(562) 555-0119;90813;Los Angeles;Khmer;;\r\n"
)


def save_over(shooter: Shooter, window: QWidget, dialog: QWidget, name: str) -> None:
    """The window with the dialog centred over it, as the user sees them together."""
    picture = window.grab()
    shot = dialog.grab()
    painter = QPainter(picture)
    painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))  # the window behind is inactive
    left = max(0, (picture.width() - shot.width()) // 2)
    top = max(0, (picture.height() - shot.height()) // 2)
    painter.drawPixmap(left, top, shot)
    painter.setPen(QColor(60, 60, 60))
    painter.drawRect(left, top, shot.width() - 1, shot.height() - 1)
    painter.end()
    path = shooter.outdir / f"{name}.png"
    if not picture.save(str(path)):
        raise SystemExit(f"could not write {path}")
    shooter.saved.append(path)
    print(path)


def shoot_import(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, suffix: str) -> None:
    with tempfile.TemporaryDirectory(prefix="ocpsc-import-shots-") as folder:
        source = Path(folder) / "residentes.csv"
        source.write_bytes(SAMPLE.encode("utf-8"))
        window = main_window(opened, queue)
        QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
        dialog = window.import_dialog
        assert dialog is not None
        settle(queue)
        type_text(dialog.choose.path_edit, str(source))
        QTest.keyClick(dialog.choose.path_edit, Qt.Key.Key_Return)
        settle(queue)
        save_over(shooter, window, dialog, f"import-export-mapping{suffix}")
        QTest.mouseClick(dialog.mapping.check_button, Qt.MouseButton.LeftButton)
        settle(queue)
        save_over(shooter, window, dialog, f"import-export-bad-rows{suffix}")
        QTest.mouseClick(dialog.check.save_fix_button, Qt.MouseButton.LeftButton)
        settle(queue)
        save_over(shooter, window, dialog, f"import-export-rows-saved{suffix}")
        QTest.mouseClick(dialog.check.import_button, Qt.MouseButton.LeftButton)
        settle(queue)
        save_over(shooter, window, dialog, f"import-export-done{suffix}")
        dialog.close()
        window.close()
        window.deleteLater()
        settle(queue)


def shoot_export(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue, suffix: str) -> None:
    window = main_window(opened, queue)
    QTest.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialog = window.export_dialog
    assert dialog is not None
    settle(queue)
    hint = dialog.sizeHint()
    dialog.resize(min(hint.width(), window.width()), min(hint.height(), window.height() - 40))
    settle(queue)
    save_over(shooter, window, dialog, f"import-export-export{suffix}")
    dialog.close()
    window.close()
    window.deleteLater()
    settle(queue)


def shoot(shooter: Shooter, opened: OpenProfile, queue: DatabaseQueue) -> None:
    for name in ("", "200pct", "rtl"):
        with _variant(name) as suffix:
            shoot_import(shooter, opened, queue, suffix)
            shoot_export(shooter, opened, queue, suffix)
