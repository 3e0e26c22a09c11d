/* custcare-template-editor.h — edit one message template, with a live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "custcare-store.h"

G_BEGIN_DECLS

#define CUSTCARE_TYPE_TEMPLATE_EDITOR (custcare_template_editor_get_type ())
G_DECLARE_FINAL_TYPE (CustcareTemplateEditor, custcare_template_editor, CUSTCARE, TEMPLATE_EDITOR, AdwNavigationPage)

CustcareTemplateEditor *custcare_template_editor_new  (CustcareStore          *store,
                                                       const char             *template_id);
/* Writes the edited text to the database (also done when the page is left). */
gboolean                custcare_template_editor_save (CustcareTemplateEditor *self,
                                                       GError                **error);

G_END_DECLS
