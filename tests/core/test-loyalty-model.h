/* test-loyalty-model.h — a plain in-memory model of the loyalty rules, for the property test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _Model Model;

Model      *model_new              (gint64       earn_points,
                                    gint64       earn_spend,
                                    gint64       redeem_points,
                                    gint64       redeem_value,
                                    gint64       expiry_months);
void        model_free             (Model       *model);
void        model_set_now          (Model       *model,
                                    gint64       now);
void        model_set_watermark    (Model       *model,
                                    gint64       watermark);
int         model_add_customer     (Model       *model);
int         model_add_order        (Model       *model,
                                    int          customer,
                                    gint64       total);
void        model_change_status    (Model       *model,
                                    int          order,
                                    const char  *to_status,
                                    gint64       refund);
void        model_rerun            (Model       *model,
                                    int          order);
gboolean    model_redeem_would_accept (Model    *model,
                                    int          order,
                                    gint64       points);
gboolean    model_redeem           (Model       *model,
                                    int          order,
                                    gint64       points);
gboolean    model_adjust           (Model       *model,
                                    int          customer,
                                    gint64       delta);
void        model_merge            (Model       *model,
                                    int          from,
                                    int          into);
void        model_expiry_pass      (Model       *model);
gint64      model_balance          (Model       *model,
                                    int          customer);
gboolean    model_is_merged        (Model       *model,
                                    int          customer);
int         model_order_customer   (Model       *model,
                                    int          order);
const char *model_order_status     (Model       *model,
                                    int          order);
gint64      model_order_paid       (Model       *model,
                                    int          order);
gint64      model_order_refunded   (Model       *model,
                                    int          order);
gint64      model_order_total      (Model       *model,
                                    int          order);
gint64      model_order_points_value (Model     *model,
                                    int          order);
void        model_order_points     (Model       *model,
                                    int          order,
                                    gint64      *earned,
                                    gint64      *taken,
                                    gint64      *redeemed,
                                    gint64      *restored);

G_END_DECLS
