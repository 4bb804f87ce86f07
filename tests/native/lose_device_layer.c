/*
 * VK_LAYER_TEST_lose_device: a Vulkan layer for the tests that loses the device on demand, which lavapipe cannot do.
 * Enabled below VK_LAYER_GAMEUPSCALER_upscale (an explicit layer sits under the implicit ones), it passes everything
 * through until GU_TEST_LOSE_DEVICE_AFTER queue submits have gone down; from then on the device is "lost": every
 * submit, present, acquire and wait returns VK_ERROR_DEVICE_LOST without reaching the driver, as a driver does after
 * a GPU hang. It prints one line to stderr when the device is lost.
 *
 * Test tool only: it serves one instance and one device at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <vulkan/vulkan.h>
#include <vulkan/vk_layer.h>

#define EXPORT __attribute__((visibility("default")))

static PFN_vkGetInstanceProcAddr next_instance_proc;
static PFN_vkGetDeviceProcAddr next_device_proc;
static PFN_vkQueueSubmit next_submit;
static PFN_vkQueuePresentKHR next_present;
static PFN_vkAcquireNextImageKHR next_acquire;
static PFN_vkWaitForFences next_wait_fences;
static PFN_vkQueueWaitIdle next_queue_wait_idle;
static PFN_vkDeviceWaitIdle next_device_wait_idle;
static long submits;
static long lose_after = -1;

static int lost(void)
{
    return lose_after >= 0 && submits >= lose_after;
}

static VKAPI_ATTR VkResult VKAPI_CALL queue_submit(VkQueue queue, uint32_t count, const VkSubmitInfo *submits_info, VkFence fence)
{
    if (lost())
    {
        return VK_ERROR_DEVICE_LOST;
    }

    if (++submits == lose_after)
    {
        fprintf(stderr, "lose_device_layer: the device is lost after %ld submits\n", submits);
    }

    return next_submit(queue, count, submits_info, fence);
}

static VKAPI_ATTR VkResult VKAPI_CALL queue_present(VkQueue queue, const VkPresentInfoKHR *info)
{
    return lost() ? VK_ERROR_DEVICE_LOST : next_present(queue, info);
}

static VKAPI_ATTR VkResult VKAPI_CALL acquire(VkDevice device, VkSwapchainKHR swapchain, uint64_t timeout,
    VkSemaphore semaphore, VkFence fence, uint32_t *index)
{
    return lost() ? VK_ERROR_DEVICE_LOST : next_acquire(device, swapchain, timeout, semaphore, fence, index);
}

static VKAPI_ATTR VkResult VKAPI_CALL wait_fences(VkDevice device, uint32_t count, const VkFence *fences, VkBool32 all, uint64_t timeout)
{
    return lost() ? VK_ERROR_DEVICE_LOST : next_wait_fences(device, count, fences, all, timeout);
}

static VKAPI_ATTR VkResult VKAPI_CALL queue_wait_idle(VkQueue queue)
{
    return lost() ? VK_ERROR_DEVICE_LOST : next_queue_wait_idle(queue);
}

static VKAPI_ATTR VkResult VKAPI_CALL device_wait_idle(VkDevice device)
{
    return lost() ? VK_ERROR_DEVICE_LOST : next_device_wait_idle(device);
}

static VKAPI_ATTR VkResult VKAPI_CALL create_instance(const VkInstanceCreateInfo *info, const VkAllocationCallbacks *allocator, VkInstance *instance)
{
    VkLayerInstanceCreateInfo *chain = (VkLayerInstanceCreateInfo *)info->pNext;
    PFN_vkCreateInstance next_create;
    const char *after = getenv("GU_TEST_LOSE_DEVICE_AFTER");

    while (chain && !(chain->sType == VK_STRUCTURE_TYPE_LOADER_INSTANCE_CREATE_INFO && chain->function == VK_LAYER_LINK_INFO))
    {
        chain = (VkLayerInstanceCreateInfo *)chain->pNext;
    }

    if (!chain)
    {
        return VK_ERROR_INITIALIZATION_FAILED;
    }

    next_instance_proc = chain->u.pLayerInfo->pfnNextGetInstanceProcAddr;
    chain->u.pLayerInfo = chain->u.pLayerInfo->pNext;
    next_create = (PFN_vkCreateInstance)next_instance_proc(VK_NULL_HANDLE, "vkCreateInstance");
    lose_after = after ? atol(after) : -1;
    submits = 0;
    return next_create(info, allocator, instance);
}

static VKAPI_ATTR VkResult VKAPI_CALL create_device(VkPhysicalDevice physical, const VkDeviceCreateInfo *info,
    const VkAllocationCallbacks *allocator, VkDevice *device)
{
    VkLayerDeviceCreateInfo *chain = (VkLayerDeviceCreateInfo *)info->pNext;
    PFN_vkCreateDevice next_create;
    VkResult result;

    while (chain && !(chain->sType == VK_STRUCTURE_TYPE_LOADER_DEVICE_CREATE_INFO && chain->function == VK_LAYER_LINK_INFO))
    {
        chain = (VkLayerDeviceCreateInfo *)chain->pNext;
    }

    if (!chain)
    {
        return VK_ERROR_INITIALIZATION_FAILED;
    }

    next_device_proc = chain->u.pLayerInfo->pfnNextGetDeviceProcAddr;
    chain->u.pLayerInfo = chain->u.pLayerInfo->pNext;
    next_create = (PFN_vkCreateDevice)next_instance_proc(VK_NULL_HANDLE, "vkCreateDevice");
    result = next_create(physical, info, allocator, device);
    if (result != VK_SUCCESS)
    {
        return result;
    }

    /* Resolved now, down the chain: asked later, the loader would hand back the dispatch table's (our) entries. */
    next_submit = (PFN_vkQueueSubmit)next_device_proc(*device, "vkQueueSubmit");
    next_present = (PFN_vkQueuePresentKHR)next_device_proc(*device, "vkQueuePresentKHR");
    next_acquire = (PFN_vkAcquireNextImageKHR)next_device_proc(*device, "vkAcquireNextImageKHR");
    next_wait_fences = (PFN_vkWaitForFences)next_device_proc(*device, "vkWaitForFences");
    next_queue_wait_idle = (PFN_vkQueueWaitIdle)next_device_proc(*device, "vkQueueWaitIdle");
    next_device_wait_idle = (PFN_vkDeviceWaitIdle)next_device_proc(*device, "vkDeviceWaitIdle");
    return VK_SUCCESS;
}

static PFN_vkVoidFunction own_device_function(const char *name)
{
    if (!strcmp(name, "vkQueueSubmit")) return (PFN_vkVoidFunction)queue_submit;
    if (!strcmp(name, "vkQueuePresentKHR")) return (PFN_vkVoidFunction)queue_present;
    if (!strcmp(name, "vkAcquireNextImageKHR")) return (PFN_vkVoidFunction)acquire;
    if (!strcmp(name, "vkWaitForFences")) return (PFN_vkVoidFunction)wait_fences;
    if (!strcmp(name, "vkQueueWaitIdle")) return (PFN_vkVoidFunction)queue_wait_idle;
    if (!strcmp(name, "vkDeviceWaitIdle")) return (PFN_vkVoidFunction)device_wait_idle;
    return NULL;
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL get_device_proc(VkDevice device, const char *name)
{
    PFN_vkVoidFunction own = own_device_function(name);
    if (own)
    {
        return own;
    }

    return next_device_proc ? next_device_proc(device, name) : NULL;
}

static VKAPI_ATTR PFN_vkVoidFunction VKAPI_CALL get_instance_proc(VkInstance instance, const char *name)
{
    if (!strcmp(name, "vkCreateInstance")) return (PFN_vkVoidFunction)create_instance;
    if (!strcmp(name, "vkCreateDevice")) return (PFN_vkVoidFunction)create_device;
    if (!strcmp(name, "vkGetInstanceProcAddr")) return (PFN_vkVoidFunction)get_instance_proc;
    if (!strcmp(name, "vkGetDeviceProcAddr")) return (PFN_vkVoidFunction)get_device_proc;
    if (own_device_function(name)) return own_device_function(name);
    return next_instance_proc ? next_instance_proc(instance, name) : NULL;
}

EXPORT VKAPI_ATTR VkResult VKAPI_CALL vkNegotiateLoaderLayerInterfaceVersion(VkNegotiateLayerInterface *request)
{
    if (!request || request->sType != LAYER_NEGOTIATE_INTERFACE_STRUCT || request->loaderLayerInterfaceVersion < 2)
    {
        return VK_ERROR_INITIALIZATION_FAILED;
    }

    request->loaderLayerInterfaceVersion = 2;
    request->pfnGetInstanceProcAddr = get_instance_proc;
    request->pfnGetDeviceProcAddr = get_device_proc;
    request->pfnGetPhysicalDeviceProcAddr = NULL;
    return VK_SUCCESS;
}
