/* custcare-template-editor.c — edit one message template, with a live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Changes are saved when the page is left, like the rest of Preferences, so there is no Save
 * button to forget.
 */
#define G_LOG_DOMAIN "custcare-template-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "custcare-gui-util.h"
#include "custcare-template-editor.h"
#include "custcare-templates.h"

struct _CustcareTemplateEditor
{
  AdwNavigationPage  parent_instance;

  CustcareStore     *store;
  char              *template_id;
  GHashTable        *sample_values;
  gboolean           dirty;

  AdwEntryRow       *subject_row;
  GtkTextView       *body_view;
  GtkLabel          *preview_label;
};

G_DEFINE_FINAL_TYPE (CustcareTemplateEditor, custcare_template_editor, ADW_TYPE_NAVIGATION_PAGE)

static char *
dup_body (CustcareTemplateEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_preview (CustcareTemplateEditor *self)
{
  g_autofree char *body = dup_body (self);
  g_autofree char *subject = custcare_templates_expand (gtk_editable_get_text (GTK_EDITABLE (self->subject_row)),
                                                        self->sample_values);
  g_autofree char *text = custcare_templates_expand (body, self->sample_values);
  g_autofree char *subject_markup = g_markup_escape_text (subject, -1);
  g_autofree char *body_markup = g_markup_escape_text (text, -1);
  g_autofree char *markup = g_strdup_printf ("<b>%s</b>\n\n%s", subject_markup, body_markup);

  gtk_label_set_markup (self->preview_label, markup);
}

static void
text_changed_cb (CustcareTemplateEditor *self)
{
  self->dirty = TRUE;
  update_preview (self);
}

static void
load (CustcareTemplateEditor *self,
      CustcareTemplate       *tmpl)
{
  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), tmpl->subject);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view), tmpl->body, -1);
  self->dirty = FALSE;
  update_preview (self);
}

static void
show_toast (CustcareTemplateEditor *self,
            const char             *message)
{
  custcare_preferences_add_toast (GTK_WIDGET (self), message);
}

static void
reset_row_activated_cb (CustcareTemplateEditor *self)
{
  g_autoptr (CustcareTemplate) tmpl = NULL;
  g_autoptr (GError) error = NULL;

  if (!custcare_templates_reset (self->store, self->template_id, &error) ||
      (tmpl = custcare_templates_get (self->store, self->template_id, &error)) == NULL)
    {
      show_toast (self, error->message);
      return;
    }
  load (self, tmpl);
  show_toast (self, _("Default text restored"));
}

gboolean
custcare_template_editor_save (CustcareTemplateEditor  *self,
                               GError                 **error)
{
  g_autofree char *body = NULL;

  g_return_val_if_fail (CUSTCARE_IS_TEMPLATE_EDITOR (self), FALSE);

  if (!self->dirty)
    return TRUE;
  body = dup_body (self);
  if (!custcare_templates_save (self->store, self->template_id,
                                gtk_editable_get_text (GTK_EDITABLE (self->subject_row)), body, error))
    return FALSE;
  self->dirty = FALSE;
  return TRUE;
}

static void
custcare_template_editor_hiding (AdwNavigationPage *page)
{
  CustcareTemplateEditor *self = CUSTCARE_TEMPLATE_EDITOR (page);
  g_autoptr (GError) error = NULL;

  if (!custcare_template_editor_save (self, &error))
    show_toast (self, error->message);

  ADW_NAVIGATION_PAGE_CLASS (custcare_template_editor_parent_class)->hiding (page);
}

CustcareTemplateEditor *
custcare_template_editor_new (CustcareStore *store,
                              const char    *template_id)
{
  CustcareTemplateEditor *self;
  g_autoptr (CustcareTemplate) tmpl = NULL;

  g_return_val_if_fail (CUSTCARE_IS_STORE (store), NULL);
  g_return_val_if_fail (custcare_templates_is_valid_id (template_id), NULL);

  self = g_object_new (CUSTCARE_TYPE_TEMPLATE_EDITOR,
                       "title", custcare_templates_get_label (template_id),
                       "tag", template_id,
                       NULL);
  self->store = g_object_ref (store);
  self->template_id = g_strdup (template_id);
  self->sample_values = custcare_templates_sample_values (store);

  tmpl = custcare_templates_get (store, template_id, NULL);
  if (tmpl == NULL)
    tmpl = custcare_templates_get_default (template_id);
  load (self, tmpl);

  return self;
}

static void
custcare_template_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), CUSTCARE_TYPE_TEMPLATE_EDITOR);

  G_OBJECT_CLASS (custcare_template_editor_parent_class)->dispose (object);
}

static void
custcare_template_editor_finalize (GObject *object)
{
  CustcareTemplateEditor *self = CUSTCARE_TEMPLATE_EDITOR (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->template_id, g_free);
  g_clear_pointer (&self->sample_values, g_hash_table_unref);

  G_OBJECT_CLASS (custcare_template_editor_parent_class)->finalize (object);
}

static void
custcare_template_editor_class_init (CustcareTemplateEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  AdwNavigationPageClass *page_class = ADW_NAVIGATION_PAGE_CLASS (klass);

  object_class->dispose = custcare_template_editor_dispose;
  object_class->finalize = custcare_template_editor_finalize;
  page_class->hiding = custcare_template_editor_hiding;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/custcare-template-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, CustcareTemplateEditor, subject_row);
  gtk_widget_class_bind_template_child (widget_class, CustcareTemplateEditor, body_view);
  gtk_widget_class_bind_template_child (widget_class, CustcareTemplateEditor, preview_label);
  gtk_widget_class_bind_template_callback (widget_class, text_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_row_activated_cb);
}

static void
custcare_template_editor_init (CustcareTemplateEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->body_view), "changed",
                           G_CALLBACK (text_changed_cb), self, G_CONNECT_SWAPPED);
}
