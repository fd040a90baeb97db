/* text.h — pango helpers for figures: measure and draw a line of text anchored
 * at any point of its box, in the theme's font, the same on screen and in files
 * (metric hinting off, so a @2x PNG is the 1x one, sharper). */
#pragma once

#include "plot-common.h"

G_BEGIN_DECLS

typedef enum
{
  LLOYD_TEXT_NORMAL = 0,
  LLOYD_TEXT_BOLD = 1 << 0,
  LLOYD_TEXT_ITALIC = 1 << 1,
} LloydTextStyle;

/* Size in user units of @text at @size (user units) in the theme's font. */
void lloyd_text_measure (const LloydPlotScope *scope,
                         const char           *text,
                         double                size,
                         LloydTextStyle        style,
                         double               *width,
                         double               *height);

/* Draws @text so that the point (@xalign, @yalign) of its box (0,0 = top left,
 * 0.5,0.5 = centre) lands on (@x, @y), rotated by @angle radians about that
 * point. @rgba NULL uses the theme's foreground. */
void lloyd_text_draw    (const LloydPlotScope *scope,
                         const char           *text,
                         double                x,
                         double                y,
                         double                xalign,
                         double                yalign,
                         double                size,
                         LloydTextStyle        style,
                         const double         *rgba,
                         double                angle);

/* Shortens @text with "…" until it fits in @max_width; returns a new string. */
char *lloyd_text_ellipsize (const LloydPlotScope *scope,
                            const char           *text,
                            double                size,
                            LloydTextStyle        style,
                            double                max_width);

/* Draws @text with its top at @y, centred on @cx but kept whole between @lo and
 * @hi: shifted inwards first, then shortened with "…" if it is wider than
 * that. For titles, which must never be cut at a figure's edge. */
void lloyd_text_draw_fitted (const LloydPlotScope *scope,
                             const char           *text,
                             double                cx,
                             double                y,
                             double                lo,
                             double                hi,
                             double                size,
                             LloydTextStyle        style);

G_END_DECLS
