import type { TemplateService } from '../../templates/templateService.js';
import type { Handlers } from '../handlers.js';

type TemplateMethods =
  'templates.list' | 'templates.get' | 'templates.create' | 'templates.update' | 'templates.delete' | 'templates.instantiate';

export function templateHandlers(templates: TemplateService): Pick<Handlers, TemplateMethods> {
  return {
    'templates.list': (input) => templates.list(input),
    'templates.get': (input) => templates.get(input.id),
    'templates.create': (input) => templates.create(input),
    'templates.update': (input) => templates.update(input),
    'templates.delete': (input) => templates.delete(input.id),
    'templates.instantiate': (input) => templates.instantiate(input),
  };
}
