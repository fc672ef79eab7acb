import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DeliveryList, Webhook, WebhookCreated, WebhookCreateRequest, WebhookDelivery, WebhookList, WebhookUpdateRequest } from '@tessera/contracts';
import { http } from '../api/client';

export const webhookKeys = {
  all: ['webhooks'] as const,
  deliveries: (id: string, page: number) => ['webhooks', id, 'deliveries', page] as const,
  deliveriesOf: (id: string) => ['webhooks', id, 'deliveries'] as const,
};

export const DELIVERY_PAGE = 20;

export function useWebhooks() {
  return useQuery({ queryKey: webhookKeys.all, queryFn: () => http.get<WebhookList>('/webhooks') });
}

/** One hook's delivery log, newest first; asked again every second and a half while a delivery is still pending. */
export function useDeliveries(id: string, page: number) {
  return useQuery({
    queryKey: webhookKeys.deliveries(id, page),
    queryFn: () => http.get<DeliveryList>(`/webhooks/${id}/deliveries`, { limit: DELIVERY_PAGE, offset: (page - 1) * DELIVERY_PAGE }),
    staleTime: 0,
    refetchInterval: (q) => (q.state.data?.items.some((d) => d.state === 'pending') ? 1500 : false),
  });
}

export function useWebhookMutations() {
  const qc = useQueryClient();
  return {
    create: useMutation({
      mutationFn: (body: WebhookCreateRequest) => http.post<WebhookCreated>('/webhooks', body),
      // Only the list goes into the cache: the secret stays in the dialog that shows it.
      onSuccess: () => qc.invalidateQueries({ queryKey: webhookKeys.all, exact: true }),
    }),
    update: useMutation({
      mutationFn: ({ id, ...body }: WebhookUpdateRequest & { id: string }) => http.patch<Webhook>(`/webhooks/${id}`, body),
      onSettled: () => qc.invalidateQueries({ queryKey: webhookKeys.all, exact: true }),
    }),
    remove: useMutation({
      mutationFn: (id: string) => http.delete(`/webhooks/${id}`),
      onSettled: (_r, _e, id) => {
        qc.removeQueries({ queryKey: webhookKeys.deliveriesOf(id) });
        return qc.invalidateQueries({ queryKey: webhookKeys.all, exact: true });
      },
    }),
    test: useMutation({
      mutationFn: (id: string) => http.post<WebhookDelivery>(`/webhooks/${id}/test`),
      onSuccess: (_d, id) => qc.invalidateQueries({ queryKey: webhookKeys.deliveriesOf(id) }),
    }),
  };
}
