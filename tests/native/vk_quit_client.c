/*
 * A Vulkan game for the layer's tests that quits the way many games do: it opens a window, presents a few frames
 * (a clear colour that changes per frame) and calls exit() with its swapchain, device and instance still alive, so
 * no vkDestroy* call tells a layer that the game is done. The layer's summary must still reach its log.
 *
 * Usage: vk_quit_client FRAMES [WINDOWS]. With WINDOWS = 2 it opens a second, 320x240 window and presents both
 * swapchains in one vkQueuePresentKHR, as a game with two views does. Prints "presented N frames at WxH[, WxH]"
 * before it exits with 0. A lost device is handled
 * as a game handles it, by quitting: "device lost at frame K (call)" and exit code 3, still without cleanup. Any other
 * failure prints the call and its VkResult and exits with 1.
 */
#define VK_USE_PLATFORM_XCB_KHR
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xcb/xcb.h>
#include <vulkan/vulkan.h>

static int current_frame = -1;

#define CHECK(call)                                                                        \
    do                                                                                     \
    {                                                                                      \
        VkResult result_ = (call);                                                         \
        if (result_ == VK_ERROR_DEVICE_LOST)                                               \
        {                                                                                  \
            printf("device lost at frame %d (%s)\n", current_frame, #call);                \
            fflush(stdout);                                                                \
            exit(3);                                                                       \
        }                                                                                  \
        if (result_ != VK_SUCCESS && result_ != VK_SUBOPTIMAL_KHR)                         \
        {                                                                                  \
            fprintf(stderr, "vk_quit_client: %s failed: %d\n", #call, (int)result_);       \
            exit(1);                                                                       \
        }                                                                                  \
    } while (0)

static void transition(VkCommandBuffer commands, VkImage image, VkImageLayout from, VkImageLayout to,
    VkAccessFlags fromAccess, VkAccessFlags toAccess)
{
    VkImageMemoryBarrier barrier;
    memset(&barrier, 0, sizeof(barrier));
    barrier.sType = VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER;
    barrier.srcAccessMask = fromAccess;
    barrier.dstAccessMask = toAccess;
    barrier.oldLayout = from;
    barrier.newLayout = to;
    barrier.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    barrier.image = image;
    barrier.subresourceRange.aspectMask = VK_IMAGE_ASPECT_COLOR_BIT;
    barrier.subresourceRange.levelCount = 1;
    barrier.subresourceRange.layerCount = 1;
    vkCmdPipelineBarrier(commands, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, VK_PIPELINE_STAGE_ALL_COMMANDS_BIT, 0,
        0, NULL, 0, NULL, 1, &barrier);
}

/* One window and what presents into it. */
struct view
{
    xcb_window_t window;
    VkSurfaceKHR surface;
    VkExtent2D extent;
    VkSwapchainKHR swapchain;
    VkImage images[16];
    VkSemaphore acquired;
    uint32_t index;
};

static void create_view(xcb_connection_t *connection, xcb_screen_t *screen, VkInstance instance, struct view *view,
    int16_t x, uint16_t width, uint16_t height)
{
    VkXcbSurfaceCreateInfoKHR surfaceInfo;

    view->window = xcb_generate_id(connection);
    xcb_create_window(connection, XCB_COPY_FROM_PARENT, view->window, screen->root, x, 0, width, height, 0,
        XCB_WINDOW_CLASS_INPUT_OUTPUT, screen->root_visual, 0, NULL);
    xcb_map_window(connection, view->window);
    xcb_flush(connection);
    memset(&surfaceInfo, 0, sizeof(surfaceInfo));
    surfaceInfo.sType = VK_STRUCTURE_TYPE_XCB_SURFACE_CREATE_INFO_KHR;
    surfaceInfo.connection = connection;
    surfaceInfo.window = view->window;
    CHECK(vkCreateXcbSurfaceKHR(instance, &surfaceInfo, NULL, &view->surface));
}

static void create_swapchain(VkPhysicalDevice physical, VkDevice device, struct view *view)
{
    VkSurfaceCapabilitiesKHR capabilities;
    VkSurfaceFormatKHR formats[32];
    uint32_t formatCount = 32, imageCount = 16;
    VkSwapchainCreateInfoKHR swapchainInfo;
    VkSemaphoreCreateInfo semaphoreInfo;

    /* At the surface's current extent, as games size it (a layer may report a smaller one). */
    CHECK(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(physical, view->surface, &capabilities));
    CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(physical, view->surface, &formatCount, formats));
    memset(&swapchainInfo, 0, sizeof(swapchainInfo));
    swapchainInfo.sType = VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR;
    swapchainInfo.surface = view->surface;
    swapchainInfo.minImageCount = capabilities.minImageCount < 2 ? 2 : capabilities.minImageCount;
    swapchainInfo.imageFormat = formats[0].format;
    swapchainInfo.imageColorSpace = formats[0].colorSpace;
    swapchainInfo.imageExtent = capabilities.currentExtent;
    swapchainInfo.imageArrayLayers = 1;
    swapchainInfo.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    swapchainInfo.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    swapchainInfo.preTransform = capabilities.currentTransform;
    swapchainInfo.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
    swapchainInfo.presentMode = VK_PRESENT_MODE_FIFO_KHR;
    swapchainInfo.clipped = VK_TRUE;
    CHECK(vkCreateSwapchainKHR(device, &swapchainInfo, NULL, &view->swapchain));
    CHECK(vkGetSwapchainImagesKHR(device, view->swapchain, &imageCount, view->images));
    view->extent = capabilities.currentExtent;
    memset(&semaphoreInfo, 0, sizeof(semaphoreInfo));
    semaphoreInfo.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
    CHECK(vkCreateSemaphore(device, &semaphoreInfo, NULL, &view->acquired));
}

int main(int argc, char **argv)
{
    const char *instanceExtensions[] = { VK_KHR_SURFACE_EXTENSION_NAME, VK_KHR_XCB_SURFACE_EXTENSION_NAME };
    const char *deviceExtensions[] = { VK_KHR_SWAPCHAIN_EXTENSION_NAME };
    const float priority = 1.0f;
    int frames = argc >= 2 ? atoi(argv[1]) : 0;
    int viewCount = argc >= 3 ? atoi(argv[2]) : 1;
    xcb_connection_t *connection;
    xcb_screen_t *screen;
    struct view views[2];
    VkApplicationInfo application;
    VkInstanceCreateInfo instanceInfo;
    VkInstance instance;
    VkPhysicalDevice physical;
    uint32_t count = 1, family, families = 0;
    VkQueueFamilyProperties properties[16];
    VkDeviceQueueCreateInfo queueInfo;
    VkDeviceCreateInfo deviceInfo;
    VkDevice device;
    VkQueue queue;
    VkCommandPoolCreateInfo poolInfo;
    VkCommandPool pool;
    VkCommandBufferAllocateInfo allocateInfo;
    VkCommandBuffer commands;
    VkSemaphoreCreateInfo semaphoreInfo;
    VkSemaphore rendered;
    VkFenceCreateInfo fenceInfo;
    VkFence fence;
    int v;

    if (frames <= 0 || argc > 3 || viewCount < 1 || viewCount > 2)
    {
        fprintf(stderr, "usage: vk_quit_client FRAMES [WINDOWS (1 or 2)]\n");
        return 2;
    }

    connection = xcb_connect(NULL, NULL);
    if (xcb_connection_has_error(connection))
    {
        fprintf(stderr, "vk_quit_client: cannot open the X display\n");
        return 1;
    }

    screen = xcb_setup_roots_iterator(xcb_get_setup(connection)).data;
    memset(&application, 0, sizeof(application));
    application.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    application.pApplicationName = "vk_quit_client";
    application.apiVersion = VK_API_VERSION_1_1;
    memset(&instanceInfo, 0, sizeof(instanceInfo));
    instanceInfo.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    instanceInfo.pApplicationInfo = &application;
    instanceInfo.enabledExtensionCount = 2;
    instanceInfo.ppEnabledExtensionNames = instanceExtensions;
    CHECK(vkCreateInstance(&instanceInfo, NULL, &instance));
    create_view(connection, screen, instance, &views[0], 0, 400, 300);
    if (viewCount == 2)
    {
        create_view(connection, screen, instance, &views[1], 420, 320, 240);
    }

    /* The first device (lavapipe in the tests) and its first queue family that draws and presents to every window. */
    if (vkEnumeratePhysicalDevices(instance, &count, &physical) < 0 || count == 0)
    {
        fprintf(stderr, "vk_quit_client: no Vulkan device\n");
        return 1;
    }

    families = 16;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, properties);
    for (family = 0; family < families; family++)
    {
        VkBool32 presents = VK_TRUE;
        for (v = 0; v < viewCount; v++)
        {
            VkBool32 here = VK_FALSE;
            CHECK(vkGetPhysicalDeviceSurfaceSupportKHR(physical, family, views[v].surface, &here));
            presents = presents && here;
        }

        if ((properties[family].queueFlags & VK_QUEUE_GRAPHICS_BIT) && presents)
        {
            break;
        }
    }

    if (family == families)
    {
        fprintf(stderr, "vk_quit_client: no queue family draws and presents\n");
        return 1;
    }

    memset(&queueInfo, 0, sizeof(queueInfo));
    queueInfo.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    queueInfo.queueFamilyIndex = family;
    queueInfo.queueCount = 1;
    queueInfo.pQueuePriorities = &priority;
    memset(&deviceInfo, 0, sizeof(deviceInfo));
    deviceInfo.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    deviceInfo.queueCreateInfoCount = 1;
    deviceInfo.pQueueCreateInfos = &queueInfo;
    deviceInfo.enabledExtensionCount = 1;
    deviceInfo.ppEnabledExtensionNames = deviceExtensions;
    CHECK(vkCreateDevice(physical, &deviceInfo, NULL, &device));
    vkGetDeviceQueue(device, family, 0, &queue);
    for (v = 0; v < viewCount; v++)
    {
        create_swapchain(physical, device, &views[v]);
    }

    memset(&poolInfo, 0, sizeof(poolInfo));
    poolInfo.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO;
    poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    poolInfo.queueFamilyIndex = family;
    CHECK(vkCreateCommandPool(device, &poolInfo, NULL, &pool));
    memset(&allocateInfo, 0, sizeof(allocateInfo));
    allocateInfo.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO;
    allocateInfo.commandPool = pool;
    allocateInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    allocateInfo.commandBufferCount = 1;
    CHECK(vkAllocateCommandBuffers(device, &allocateInfo, &commands));
    memset(&semaphoreInfo, 0, sizeof(semaphoreInfo));
    semaphoreInfo.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
    CHECK(vkCreateSemaphore(device, &semaphoreInfo, NULL, &rendered));
    memset(&fenceInfo, 0, sizeof(fenceInfo));
    fenceInfo.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO;
    CHECK(vkCreateFence(device, &fenceInfo, NULL, &fence));

    for (current_frame = 0; current_frame < frames; current_frame++)
    {
        const int frame = current_frame;
        const VkPipelineStageFlags stages[2] = { VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT };
        VkImageSubresourceRange range = { VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1 };
        VkSemaphore acquired[2];
        VkSwapchainKHR swapchains[2];
        uint32_t indices[2];
        VkClearColorValue colour;
        VkCommandBufferBeginInfo begin;
        VkSubmitInfo submit;
        VkPresentInfoKHR present;

        memset(&begin, 0, sizeof(begin));
        begin.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        CHECK(vkBeginCommandBuffer(commands, &begin));
        for (v = 0; v < viewCount; v++)
        {
            struct view *view = &views[v];
            CHECK(vkAcquireNextImageKHR(device, view->swapchain, UINT64_MAX, view->acquired, VK_NULL_HANDLE, &view->index));
            transition(commands, view->images[view->index], VK_IMAGE_LAYOUT_UNDEFINED, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                0, VK_ACCESS_TRANSFER_WRITE_BIT);
            colour.float32[0] = (float)(frame % 4) / 4.0f;
            colour.float32[1] = 0.5f * (float)(v + 1);
            colour.float32[2] = 1.0f - (float)(frame % 4) / 4.0f;
            colour.float32[3] = 1.0f;
            vkCmdClearColorImage(commands, view->images[view->index], VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &colour, 1, &range);
            transition(commands, view->images[view->index], VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                VK_ACCESS_TRANSFER_WRITE_BIT, 0);
            acquired[v] = view->acquired;
            swapchains[v] = view->swapchain;
            indices[v] = view->index;
        }

        CHECK(vkEndCommandBuffer(commands));
        memset(&submit, 0, sizeof(submit));
        submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
        submit.waitSemaphoreCount = (uint32_t)viewCount;
        submit.pWaitSemaphores = acquired;
        submit.pWaitDstStageMask = stages;
        submit.commandBufferCount = 1;
        submit.pCommandBuffers = &commands;
        submit.signalSemaphoreCount = 1;
        submit.pSignalSemaphores = &rendered;
        CHECK(vkQueueSubmit(queue, 1, &submit, fence));

        /* Every window in one present, as a game with two views presents them. */
        memset(&present, 0, sizeof(present));
        present.sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR;
        present.waitSemaphoreCount = 1;
        present.pWaitSemaphores = &rendered;
        present.swapchainCount = (uint32_t)viewCount;
        present.pSwapchains = swapchains;
        present.pImageIndices = indices;
        CHECK(vkQueuePresentKHR(queue, &present));

        /* One frame at a time: the command buffer and the semaphores are reused by the next frame. */
        CHECK(vkWaitForFences(device, 1, &fence, VK_TRUE, UINT64_MAX));
        CHECK(vkResetFences(device, 1, &fence));
        CHECK(vkQueueWaitIdle(queue));
    }

    printf("presented %d frames at %ux%u", frames, views[0].extent.width, views[0].extent.height);
    if (viewCount == 2)
    {
        printf(", %ux%u", views[1].extent.width, views[1].extent.height);
    }

    printf("\n");
    fflush(stdout);
    exit(0);
}
