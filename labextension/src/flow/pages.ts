/** Which widget shows which page type. */
import { consentPage } from './consent';
import type { IPageContext, IRenderedPage } from './page';
import {
  confirmPage,
  errorPage,
  fileInputPage,
  progressPage,
  radioPage,
  textPage,
  unknownPage
} from './prompts';
import { questionnairePage } from './questionnaire';
import type { IFlowPage } from './tokens';

const PAGES: Record<
  string,
  (page: IFlowPage, ctx: IPageContext) => IRenderedPage
> = {
  PageText: textPage,
  PageConfirm: confirmPage,
  PageRadio: radioPage,
  PageFileInput: fileInputPage,
  PageProgress: progressPage,
  PageConsent: consentPage,
  PageQuestionnaire: questionnairePage,
  PageError: errorPage
};

export const PAGE_TYPES = Object.keys(PAGES);

export function renderPage(page: IFlowPage, ctx: IPageContext): IRenderedPage {
  const make = Object.prototype.hasOwnProperty.call(PAGES, page?.__type__)
    ? PAGES[page.__type__]
    : unknownPage;
  return make(page, ctx);
}
