/*
 * A window manager for the layer's tests: every window mapped on the root is first given the size named on the
 * command line, as a tiling window manager, a maximised window or a desktop's fullscreen does to a game's window.
 * It lets a test show what the layer does with a game whose swapchain keeps its own size (vkd3d's demos always
 * render at 300x300) inside a larger window. Other configure requests are granted as asked.
 *
 * Usage: sizing_wm WIDTH HEIGHT. Prints "ready" once it holds the root's substructure redirect, then a line per
 * window it sized. Exits when the X server goes away.
 */
#include <stdio.h>
#include <stdlib.h>
#include <xcb/xcb.h>

static void grant(xcb_connection_t *connection, const xcb_configure_request_event_t *request)
{
    uint32_t values[7];
    uint16_t mask = 0;
    int n = 0;

    /* The values go in the order of the mask bits, as X expects them. */
    if (request->value_mask & XCB_CONFIG_WINDOW_X) { mask |= XCB_CONFIG_WINDOW_X; values[n++] = (uint32_t)request->x; }
    if (request->value_mask & XCB_CONFIG_WINDOW_Y) { mask |= XCB_CONFIG_WINDOW_Y; values[n++] = (uint32_t)request->y; }
    if (request->value_mask & XCB_CONFIG_WINDOW_WIDTH) { mask |= XCB_CONFIG_WINDOW_WIDTH; values[n++] = request->width; }
    if (request->value_mask & XCB_CONFIG_WINDOW_HEIGHT) { mask |= XCB_CONFIG_WINDOW_HEIGHT; values[n++] = request->height; }
    if (request->value_mask & XCB_CONFIG_WINDOW_BORDER_WIDTH) { mask |= XCB_CONFIG_WINDOW_BORDER_WIDTH; values[n++] = request->border_width; }
    if (request->value_mask & XCB_CONFIG_WINDOW_SIBLING) { mask |= XCB_CONFIG_WINDOW_SIBLING; values[n++] = request->sibling; }
    if (request->value_mask & XCB_CONFIG_WINDOW_STACK_MODE) { mask |= XCB_CONFIG_WINDOW_STACK_MODE; values[n++] = request->stack_mode; }
    xcb_configure_window(connection, request->window, mask, values);
    xcb_flush(connection);
}

int main(int argc, char **argv)
{
    xcb_connection_t *connection;
    xcb_screen_t *screen;
    xcb_generic_error_t *error;
    xcb_generic_event_t *event;
    uint32_t redirect = XCB_EVENT_MASK_SUBSTRUCTURE_REDIRECT;
    uint32_t width, height;

    if (argc != 3 || atoi(argv[1]) <= 0 || atoi(argv[2]) <= 0)
    {
        fprintf(stderr, "usage: sizing_wm WIDTH HEIGHT\n");
        return 2;
    }

    width = (uint32_t)atoi(argv[1]);
    height = (uint32_t)atoi(argv[2]);
    connection = xcb_connect(NULL, NULL);
    if (xcb_connection_has_error(connection))
    {
        fprintf(stderr, "sizing_wm: cannot open the X display\n");
        return 1;
    }

    screen = xcb_setup_roots_iterator(xcb_get_setup(connection)).data;
    error = xcb_request_check(connection,
        xcb_change_window_attributes_checked(connection, screen->root, XCB_CW_EVENT_MASK, &redirect));
    if (error)
    {
        fprintf(stderr, "sizing_wm: another window manager holds the root (X error %d)\n", error->error_code);
        free(error);
        return 1;
    }

    printf("ready\n");
    fflush(stdout);
    while ((event = xcb_wait_for_event(connection)) != NULL)
    {
        switch (event->response_type & 0x7f)
        {
        case XCB_MAP_REQUEST:
        {
            const xcb_map_request_event_t *map = (const xcb_map_request_event_t *)event;
            const uint32_t geometry[4] = { 0, 0, width, height };
            xcb_configure_window(connection, map->window,
                XCB_CONFIG_WINDOW_X | XCB_CONFIG_WINDOW_Y | XCB_CONFIG_WINDOW_WIDTH | XCB_CONFIG_WINDOW_HEIGHT, geometry);
            xcb_map_window(connection, map->window);
            xcb_flush(connection);
            printf("window 0x%x sized %ux%u\n", (unsigned)map->window, (unsigned)width, (unsigned)height);
            fflush(stdout);
            break;
        }
        case XCB_CONFIGURE_REQUEST:
            grant(connection, (const xcb_configure_request_event_t *)event);
            break;
        default:
            break;
        }

        free(event);
    }

    xcb_disconnect(connection);
    return 0;
}
