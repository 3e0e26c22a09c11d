/* custcare-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Colours come from the theme, never a fixed black: text and the baseline use the widget's CSS
 * colour, bars and the line the accent colour in its "standalone" shade (the one libadwaita
 * makes readable on the window background, light or dark), and in high contrast the text colour
 * itself. The widget is an image to assistive technologies, its description listing every value,
 * so a screen reader user gets the same numbers as the picture.
 */
#define G_LOG_DOMAIN "custcare-dashboard"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "custcare-chart.h"

#define TOP_PAD    18.0
#define BOTTOM_PAD 20.0

struct _CustcareChart
{
  GtkWidget          parent_instance;

  CustcareChartKind  kind;
  char              *title;
  GStrv              labels;
  GStrv              value_texts;
  double            *values;
  guint              n_points;
  double             max;
};

G_DEFINE_FINAL_TYPE (CustcareChart, custcare_chart, GTK_TYPE_WIDGET)

enum
{
  POINT_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
custcare_chart_new (CustcareChartKind  kind,
                    const char        *title)
{
  CustcareChart *self = g_object_new (CUSTCARE_TYPE_CHART, NULL);

  self->kind = kind;
  custcare_chart_set_title (self, title);
  return GTK_WIDGET (self);
}

void
custcare_chart_set_kind (CustcareChart     *self,
                         CustcareChartKind  kind)
{
  g_return_if_fail (CUSTCARE_IS_CHART (self));

  self->kind = kind;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
custcare_chart_get_title (CustcareChart *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CHART (self), NULL);

  return self->title;
}

void
custcare_chart_set_title (CustcareChart *self,
                          const char    *title)
{
  g_return_if_fail (CUSTCARE_IS_CHART (self));

  if (g_set_str (&self->title, title))
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

char *
custcare_chart_dup_description (CustcareChart *self)
{
  GString *text = g_string_new (NULL);

  g_return_val_if_fail (CUSTCARE_IS_CHART (self), NULL);

  for (guint i = 0; i < self->n_points; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      /* Translators: one point of a chart, read by a screen reader: "Mar 2026: 4" */
      g_string_append_printf (text, _("%s: %s"), self->labels[i], self->value_texts[i]);
    }
  return g_string_free (text, FALSE);
}

void
custcare_chart_set_data (CustcareChart      *self,
                         guint               n_points,
                         const char * const *labels,
                         const double       *values,
                         const char * const *value_texts,
                         double              max)
{
  g_autofree char *description = NULL;

  g_return_if_fail (CUSTCARE_IS_CHART (self));

  g_strfreev (self->labels);
  g_strfreev (self->value_texts);
  g_free (self->values);
  self->labels = g_new0 (char *, n_points + 1);
  self->value_texts = g_new0 (char *, n_points + 1);
  self->values = g_new0 (double, MAX (n_points, 1));
  self->n_points = n_points;
  self->max = max;
  for (guint i = 0; i < n_points; i++)
    {
      self->labels[i] = g_strdup (labels[i]);
      self->value_texts[i] = g_strdup (value_texts[i]);
      self->values[i] = values[i];
      if (max <= 0 && !isnan (values[i]))
        self->max = MAX (self->max, values[i]);
    }

  description = custcare_chart_dup_description (self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
custcare_chart_get_n_points (CustcareChart *self)
{
  g_return_val_if_fail (CUSTCARE_IS_CHART (self), 0);

  return self->n_points;
}

int
custcare_chart_get_point_at (CustcareChart *self,
                             double         x)
{
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int index;

  g_return_val_if_fail (CUSTCARE_IS_CHART (self), -1);

  if (self->n_points == 0 || width <= 0 || x < 0)
    return -1;
  index = (int) (x / ((double) width / self->n_points));
  return index < (int) self->n_points ? index : -1;
}

static void
get_mark_color (CustcareChart *self,
                GdkRGBA       *out)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (adw_style_manager_get_high_contrast (style))
    gtk_widget_get_color (GTK_WIDGET (self), out);
  else
    adw_accent_color_to_standalone_rgba (adw_style_manager_get_accent_color (style), adw_style_manager_get_dark (style),
                                         out);
}

static void
draw_text (CustcareChart *self,
           GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           const char    *text,
           double         center_x,
           double         y,
           double         max_width,
           const GdkRGBA *color)
{
  int w, h;

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_size (layout, &w, &h);
  if (w > max_width)
    return; /* no room: the accessible description and the table still have it */
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (center_x - w / 2.0, y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
custcare_chart_snapshot (GtkWidget   *widget,
                         GtkSnapshot *snapshot)
{
  CustcareChart *self = CUSTCARE_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  double plot_h = height - TOP_PAD - BOTTOM_PAD;
  double slot;
  g_autoptr (PangoLayout) layout = NULL;
  g_autoptr (GskPathBuilder) line = NULL;
  GdkRGBA text_color, mark_color, baseline;
  guint label_step = 1;
  gboolean started = FALSE;

  if (self->n_points == 0 || width <= 0 || plot_h <= 0)
    return;

  gtk_widget_get_color (widget, &text_color);
  get_mark_color (self, &mark_color);
  baseline = text_color;
  baseline.alpha *= 0.3;
  slot = width / self->n_points;

  layout = gtk_widget_create_pango_layout (widget, NULL);
  {
    PangoAttrList *attrs = pango_attr_list_new ();

    pango_attr_list_insert (attrs, pango_attr_scale_new (0.82));
    pango_layout_set_attributes (layout, attrs);
    pango_attr_list_unref (attrs);
  }

  /* Month names under the points: every one if they fit, else every second or third. */
  for (guint i = 0; i < self->n_points; i++)
    {
      int w;

      pango_layout_set_text (layout, self->labels[i], -1);
      pango_layout_get_pixel_size (layout, &w, NULL);
      while (label_step < 4 && w + 4 > slot * label_step)
        label_step++;
    }

  gtk_snapshot_append_color (snapshot, &baseline,
                             &GRAPHENE_RECT_INIT (0, TOP_PAD + plot_h, width, 1));

  if (self->kind == CUSTCARE_CHART_LINE)
    line = gsk_path_builder_new ();

  for (guint i = 0; i < self->n_points; i++)
    {
      double center = slot * (i + 0.5);
      double value = self->values[i];
      double fraction = isnan (value) || self->max <= 0 ? 0 : CLAMP (value / self->max, 0, 1);
      double top = TOP_PAD + plot_h * (1 - fraction);

      if (i % label_step == 0)
        draw_text (self, snapshot, layout, self->labels[i], center, TOP_PAD + plot_h + 3, slot * label_step,
                   &text_color);
      if (isnan (value))
        continue;

      if (self->kind == CUSTCARE_CHART_BARS)
        {
          double bar_w = MAX (2, MIN (slot * 0.62, 36));

          /* A zero is a sliver, so an empty month reads as "none" rather than "missing". */
          gtk_snapshot_append_color (snapshot, &mark_color,
                                     &GRAPHENE_RECT_INIT (center - bar_w / 2, MIN (top, TOP_PAD + plot_h - 1),
                                                          bar_w, MAX (1, plot_h * fraction)));
        }
      else
        {
          if (!started)
            gsk_path_builder_move_to (line, center, top);
          else
            gsk_path_builder_line_to (line, center, top);
          started = TRUE;
        }
      draw_text (self, snapshot, layout, self->value_texts[i], center, MAX (0, top - TOP_PAD + 2), slot, &text_color);
    }

  if (line != NULL && started)
    {
      g_autoptr (GskPath) path = gsk_path_builder_to_path (line);
      g_autoptr (GskStroke) stroke = gsk_stroke_new (2.5);
      g_autoptr (GskPathBuilder) dots = gsk_path_builder_new ();
      g_autoptr (GskPath) dot_path = NULL;

      gsk_stroke_set_line_join (stroke, GSK_LINE_JOIN_ROUND);
      gtk_snapshot_append_stroke (snapshot, path, stroke, &mark_color);
      for (guint i = 0; i < self->n_points; i++)
        if (!isnan (self->values[i]))
          {
            double fraction = self->max <= 0 ? 0 : CLAMP (self->values[i] / self->max, 0, 1);

            gsk_path_builder_add_circle (dots, &GRAPHENE_POINT_INIT (slot * (i + 0.5), TOP_PAD + plot_h * (1 - fraction)),
                                         4);
          }
      dot_path = gsk_path_builder_to_path (dots);
      gtk_snapshot_append_fill (snapshot, dot_path, GSK_FILL_RULE_WINDING, &mark_color);
    }
}

static void
custcare_chart_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 120;
      *natural = 320;
    }
  else
    {
      *minimum = 120;
      *natural = 150;
    }
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   CustcareChart   *self)
{
  int index = custcare_chart_get_point_at (self, x);

  if (index >= 0)
    g_signal_emit (self, signals[POINT_ACTIVATED], 0, index);
}

static void
style_changed_cb (CustcareChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
custcare_chart_finalize (GObject *object)
{
  CustcareChart *self = CUSTCARE_CHART (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->labels, g_strfreev);
  g_clear_pointer (&self->value_texts, g_strfreev);
  g_clear_pointer (&self->values, g_free);

  G_OBJECT_CLASS (custcare_chart_parent_class)->finalize (object);
}

static void
custcare_chart_class_init (CustcareChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = custcare_chart_finalize;
  widget_class->snapshot = custcare_chart_snapshot;
  widget_class->measure = custcare_chart_measure;

  /**
   * CustcareChart::point-activated:
   * @index: the point (month) clicked
   */
  signals[POINT_ACTIVATED] = g_signal_new ("point-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                           NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);

  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
custcare_chart_init (CustcareChart *self)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  GtkGesture *click = gtk_gesture_click_new ();

  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "pointer");

  g_signal_connect_object (style, "notify::accent-color", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::dark", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (style, "notify::high-contrast", G_CALLBACK (style_changed_cb), self, G_CONNECT_SWAPPED);
}
